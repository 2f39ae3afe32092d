import { h } from "../../shared/dom";
import { safeUrl } from "../../shared/safeUrl";
import {
  button, card, errorText, field, input, load, pageHeader, randomSecret, select, setFieldError, textarea, toggle, withProgress, type PageContext, type PageHandle, type QueueSummary,
} from "../ui";

interface Settings {
  welcomeMessage: string | null;
  offDutyReminderEnabled: boolean;
  offDutyReminderText: string | null;
  agentOfflineGraceSeconds: number;
  visitorWaitGraceSeconds: number;
  specifiedAgentTimeoutSeconds: number;
  ratingOnClose: boolean;
  defaultQueueId: number | null;
  allowedOrigins: string[];
  enterpriseName: string | null;
  logoUrl: string | null;
  themeColor: string | null;
  showAgentNickname: boolean;
  summaryRequired: boolean;
  visitorRatingEnabled: boolean;
  inactivityCloseMinutes: number;
  identitySecretSet: boolean;
}

/** Every field of `PUT /settings`; the identity secret is write-only (set, replaced or removed, never shown). */
export function settingsPage(ctx: PageContext): PageHandle {
  const { t, api } = ctx;
  const body = h("div");
  const el = h("div", { class: "page", "data-kefu": "settings" }, pageHeader(t.settings, t.settingsIntro), body);

  const render = (s: Settings, queues: QueueSummary[]): Node => {
    const enterpriseName = input({ value: s.enterpriseName ?? "", maxlength: 100, name: "enterpriseName" });
    const logoUrl = input({ value: s.logoUrl ?? "", maxlength: 500, name: "logoUrl", type: "url", inputmode: "url", placeholder: "https://" });
    const logo = h("img", { class: "logo-preview", alt: t.logoPreview, hidden: true });
    const showLogo = () => {
      const url = safeUrl(logoUrl.value.trim(), location.origin);
      logo.hidden = !url;
      if (url) logo.src = url;
    };
    logoUrl.addEventListener("change", showLogo);
    showLogo();
    const color = s.themeColor ?? "#2563eb";
    const themePicker = input({ type: "color", value: color.length === 4 ? `#${[...color.slice(1)].map((c) => c + c).join("")}` : color, "aria-label": t.themeColor, class: "input-color" });
    const themeColor = input({ value: s.themeColor ?? "", maxlength: 7, name: "themeColor", placeholder: "#2563eb", spellcheck: "false" });
    themePicker.addEventListener("input", () => (themeColor.value = themePicker.value));
    themeColor.addEventListener("change", () => /^#[0-9a-f]{6}$/i.test(themeColor.value) && (themePicker.value = themeColor.value));
    // The colour picker sits beside the text field, which carries the label and the error.
    const themeField = field(t.themeColor, themeColor);
    const colorRow = h("div", { class: "color-row" }, themePicker);
    themeColor.replaceWith(colorRow);
    colorRow.append(themeColor);
    const welcome = textarea({ maxlength: 1000, name: "welcomeMessage", rows: 3 });
    welcome.value = s.welcomeMessage ?? "";
    const showNick = toggle(t.showAgentNickname, s.showAgentNickname);

    const offDuty = toggle(t.offDutyReminderEnabled, s.offDutyReminderEnabled);
    const offDutyText = textarea({ maxlength: 1000, name: "offDutyReminderText", rows: 2 });
    offDutyText.value = s.offDutyReminderText ?? "";

    const defaultQueue = select([["0", t.noDefaultQueue], ...queues.map((q): [string, string] => [String(q.queueId), q.queueName])], String(s.defaultQueueId ?? 0), { name: "defaultQueueId" });
    const number = (value: number, max: number, name: string) => input({ type: "number", min: 0, max, step: 1, value: String(value), name, inputmode: "numeric", class: "input input-number" });
    const agentGrace = number(s.agentOfflineGraceSeconds, 86400, "agentOfflineGraceSeconds");
    const visitorGrace = number(s.visitorWaitGraceSeconds, 86400, "visitorWaitGraceSeconds");
    const specified = number(s.specifiedAgentTimeoutSeconds, 86400, "specifiedAgentTimeoutSeconds");
    const inactivity = number(s.inactivityCloseMinutes, 10080, "inactivityCloseMinutes");

    const summaryRequired = toggle(t.summaryRequired, s.summaryRequired);
    const ratingOnClose = toggle(t.ratingOnClose, s.ratingOnClose);
    const visitorRating = toggle(t.visitorRatingEnabled, s.visitorRatingEnabled);

    const origins = textarea({ name: "allowedOrigins", rows: 3, spellcheck: "false", placeholder: "https://shop.example.com" });
    origins.value = s.allowedOrigins.join("\n");
    let secretSet = s.identitySecretSet;
    let removeSecret = false;
    const secretState = h("span", { class: `pill ${secretSet ? "pill-green" : "pill-muted"}`, "data-kefu": "identity-secret-state" }, secretSet ? t.isSet : t.notSet);
    const secret = input({ type: "password", name: "identitySecret", autocomplete: "new-password", maxlength: 256, placeholder: "••••••••••••••••", spellcheck: "false" });
    const secretNote = h("p", { class: "hint", hidden: true }, t.identitySecretWillRemove);
    const generate = button(t.generate, { small: true, icon: "key", onClick: () => ((secret.value = randomSecret(40)), (secret.type = "text"), (removeSecret = false), (secretNote.hidden = true)) });
    const removeSecretButton = button(t.identitySecretRemove, { small: true, kind: "danger-ghost", onClick: () => ((removeSecret = true), (secret.value = ""), (secretNote.hidden = false)) });
    removeSecretButton.hidden = !secretSet;

    const save = button(t.save, { kind: "primary", type: "submit", attrs: { "data-kefu": "settings-save" } });
    const form = h(
      "form",
      { class: "stack", novalidate: true },
      card(
        t.sectionBrand,
        h("div", { class: "form-grid" },
          field(t.enterpriseName, enterpriseName),
          themeField,
          field(t.logoUrl, logoUrl, { hint: t.logoUrlHint, wide: true }),
          logo,
          field(t.welcomeMessage, welcome, { hint: t.welcomeMessageHint, wide: true }),
        ),
        showNick.el,
      ),
      card(t.sectionOffDuty, offDuty.el, field(t.offDutyReminderText, offDutyText)),
      card(
        t.sectionRouting,
        h("div", { class: "form-grid" },
          field(t.defaultQueue, defaultQueue, { hint: t.defaultQueueHint }),
          field(`${t.inactivityCloseMinutes} (${t.minutes})`, inactivity, { hint: t.inactivityCloseHint }),
          field(`${t.agentOfflineGraceSeconds} (${t.seconds})`, agentGrace, { hint: t.agentOfflineGraceHint }),
          field(`${t.visitorWaitGraceSeconds} (${t.seconds})`, visitorGrace, { hint: t.visitorWaitGraceHint }),
          field(`${t.specifiedAgentTimeoutSeconds} (${t.seconds})`, specified, { hint: t.specifiedAgentTimeoutHint }),
        ),
      ),
      card(t.sectionSessions, summaryRequired.el, ratingOnClose.el, visitorRating.el),
      card(
        t.sectionSecurity,
        field(t.allowedOrigins, origins, { hint: t.allowedOriginsHint }),
        h("div", { class: "secret-head" }, h("h3", {}, t.identitySecret), secretState),
        h("p", { class: "hint" }, t.identitySecretHint),
        h("div", { class: "secret-row" }, field(t.identitySecretNew, secret, { hint: t.secretLength }), generate, removeSecretButton),
        secretNote,
      ),
      h("div", { class: "savebar" }, h("span", { class: "spacer" }), save),
    );
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const checks: [HTMLElement, boolean][] = [
        [themeColor, themeColor.value === "" || /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(themeColor.value)],
        [secret, secret.value === "" || (secret.value.length >= 16 && secret.value.length <= 256)],
        ...[agentGrace, visitorGrace, specified, inactivity].map((c): [HTMLElement, boolean] => [c, /^\d+$/.test(c.value) && Number(c.value) <= Number(c.max)]),
      ];
      checks.forEach(([c, ok]) => setFieldError(c, ok ? null : c === secret ? t.secretLength : `${c.getAttribute("min") ?? 0}–${c.getAttribute("max") ?? ""}`));
      const bad = checks.find(([, ok]) => !ok);
      if (bad) {
        (bad[0] as HTMLInputElement).focus();
        return;
      }
      const request: Record<string, unknown> = {
        enterpriseName: enterpriseName.value.trim(),
        logoUrl: logoUrl.value.trim(),
        themeColor: themeColor.value.trim(),
        welcomeMessage: welcome.value,
        showAgentNickname: showNick.input.checked,
        offDutyReminderEnabled: offDuty.input.checked,
        offDutyReminderText: offDutyText.value,
        defaultQueueId: Number(defaultQueue.value),
        agentOfflineGraceSeconds: Number(agentGrace.value),
        visitorWaitGraceSeconds: Number(visitorGrace.value),
        specifiedAgentTimeoutSeconds: Number(specified.value),
        inactivityCloseMinutes: Number(inactivity.value),
        summaryRequired: summaryRequired.input.checked,
        ratingOnClose: ratingOnClose.input.checked,
        visitorRatingEnabled: visitorRating.input.checked,
        allowedOrigins: origins.value.split(/\r?\n/).map((o) => o.trim()).filter(Boolean),
      };
      if (secret.value) request.identitySecret = secret.value;
      else if (removeSecret) request.identitySecret = "";
      void withProgress(save, t.saving, async () => {
        try {
          const stored = (await api.put("/settings", request)).entity as Settings;
          secretSet = stored.identitySecretSet;
          secretState.textContent = secretSet ? t.isSet : t.notSet;
          secretState.className = `pill ${secretSet ? "pill-green" : "pill-muted"}`;
          removeSecretButton.hidden = !secretSet;
          secret.value = "";
          secret.type = "password";
          removeSecret = false;
          secretNote.hidden = true;
          origins.value = stored.allowedOrigins.join("\n");
          ctx.toast(t.settingsSaved);
        } catch (failure) {
          ctx.toast(errorText(t, failure), "error");
        }
      });
    });
    return form;
  };

  void load(ctx, body, async () => {
    const [settings, queues] = await Promise.all([api.get("/settings"), api.get("/queues")]);
    return render(settings.entity as Settings, queues.entities as QueueSummary[]);
  });
  return { el };
}

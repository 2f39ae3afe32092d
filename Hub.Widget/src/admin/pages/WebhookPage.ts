import { h } from "../../shared/dom";
import { format } from "../../shared/i18n";
import {
  button, card, confirmAction, field, formatDateTime, input, load, pageHeader, randomSecret, setFieldError, withProgress, errorText, type PageContext, type PageHandle,
} from "../ui";

interface Webhook {
  url: string;
  updateDatetime: string;
}

const EVENTS = [
  ["SessionCreated", "eventSessionCreated"],
  ["SessionAssigned", "eventSessionAssigned"],
  ["SessionTransferred", "eventSessionTransferred"],
  ["SessionClosed", "eventSessionClosed"],
  ["Message", "eventMessage"],
  ["LeaveMessage", "eventLeaveMessage"],
] as const;

/** The tenant's webhook: where events go and the secret that signs them (write-only). */
export function webhookPage(ctx: PageContext): PageHandle {
  const { t, api, lang } = ctx;
  const body = h("div");
  const el = h("div", { class: "page", "data-kefu": "webhook" }, pageHeader(t.webhook, t.webhookIntro), body);

  const render = (hook: Webhook | null): Node => {
    const state = hook
      ? h("div", { class: "banner banner-ok" }, h("b", {}, format(t.webhookActive, { url: hook.url })), h("span", { class: "muted small" }, format(t.webhookUpdated, { time: formatDateTime(hook.updateDatetime, lang) })))
      : h("div", { class: "banner" }, t.webhookNone);
    const url = input({ type: "url", value: hook?.url ?? "", maxlength: 2048, name: "url", placeholder: "https://example.com/kefu/events", spellcheck: "false" });
    const secret = input({ type: "password", name: "secret", autocomplete: "new-password", maxlength: 256, spellcheck: "false" });
    const generate = button(t.generate, { small: true, icon: "key", onClick: () => ((secret.value = randomSecret(40)), (secret.type = "text")) });
    const save = button(t.save, { kind: "primary", type: "submit", attrs: { "data-kefu": "webhook-save" } });
    const remove = button(t.delete, {
      kind: "danger-ghost",
      icon: "delete",
      onClick: () =>
        confirmAction(t, t.deleteWebhook, t.deleteWebhookText, t.delete, t.deleting, async () => {
          await api.delete("/webhook");
          ctx.toast(t.deleted);
          body.replaceChildren(render(null));
        }),
    });
    remove.hidden = !hook;
    const form = h(
      "form",
      { class: "form-stack", novalidate: true },
      field(t.webhookUrl, url, { required: true }),
      h("div", { class: "secret-row" }, field(t.webhookSecret, secret, { required: true, hint: t.webhookSecretHint }), generate),
      h("div", { class: "savebar savebar-inline" }, remove, h("span", { class: "spacer" }), save),
    );
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const urlOk = /^https?:\/\/\S+$/i.test(url.value.trim());
      const secretOk = secret.value.length >= 16 && secret.value.length <= 256;
      setFieldError(url, urlOk ? null : t.required);
      setFieldError(secret, secretOk ? null : t.secretLength);
      if (!urlOk || !secretOk) return (urlOk ? secret : url).focus();
      void withProgress(save, t.saving, async () => {
        try {
          const stored = (await api.put("/webhook", { url: url.value.trim(), secret: secret.value })).entity as Webhook;
          ctx.toast(t.webhookSaved);
          body.replaceChildren(render(stored));
        } catch (failure) {
          ctx.toast(errorText(t, failure), "error");
        }
      });
    });
    return h(
      "div",
      { class: "stack" },
      state,
      card(null, form),
      card(t.events, h("ul", { class: "event-list" }, ...EVENTS.map(([name, text]) => h("li", {}, h("code", {}, name), h("span", {}, t[text]))))),
    );
  };

  void load(ctx, body, async () => render((await api.get("/webhook")).entity as Webhook | null));
  return { el };
}

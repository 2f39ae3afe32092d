import { h, icon } from "../shared/dom";
import { errorMessage } from "../shared/errors";
import { ICONS } from "./icons";
import { safeUrl } from "../shared/safeUrl";
import type { AgentApi, VisitorProfile, VisitorTag } from "./AgentApi";
import type { InboxSession } from "./InboxSession";
import { avatarName, dateTime, visitorName } from "./present";
import { avatar } from "./SessionList";
import type { WorkspaceTexts } from "./texts";

type Field = "nickname" | "trueName" | "phone" | "email" | "company" | "description";

// The hub's limits (VisitorProfiles): refused above these, so the form stops there.
const FIELDS: { key: Field; max: number; type: string; autocomplete: string }[] = [
  { key: "nickname", max: 100, type: "text", autocomplete: "off" },
  { key: "trueName", max: 100, type: "text", autocomplete: "off" },
  { key: "phone", max: 50, type: "tel", autocomplete: "off" },
  { key: "email", max: 200, type: "email", autocomplete: "off" },
  { key: "company", max: 100, type: "text", autocomplete: "off" },
  { key: "description", max: 1000, type: "textarea", autocomplete: "off" },
];
const MAX_CUSTOM_FIELDS = 20;

/**
 * The right column (`data-kefu="visitor-profile"`): who the visitor is, where it came from, its tags,
 * and the conversation; agents edit the profile and tags in place (`PUT /visitors/{id}`, `/tags`).
 * Every value from the profile is set as text.
 */
export class ProfilePanel {
  readonly el: HTMLElement;
  private readonly content: HTMLDivElement;
  private session: InboxSession | null = null;
  private profile: VisitorProfile | null = null;
  private tags: VisitorTag[] = [];
  private loadToken = 0;

  constructor(
    private readonly t: WorkspaceTexts,
    private readonly lang: string,
    private readonly api: AgentApi,
    private readonly queueName: (queueId: number | null | undefined) => string,
    private readonly onSaved: (profile: VisitorProfile) => void,
  ) {
    this.content = h("div", { class: "pcontent" });
    this.el = h("section", { class: "profile", "data-kefu": "visitor-profile", "aria-label": t.details }, this.content);
  }

  show(session: InboxSession | null): void {
    this.session = session;
    this.profile = null;
    if (!session) {
      this.content.replaceChildren();
      return;
    }
    this.content.replaceChildren(h("p", { class: "muted", role: "status" }, this.t.loading));
    const token = ++this.loadToken;
    void Promise.all([this.api.visitor(session.info.visitorId), this.api.visitorTags().catch(() => [] as VisitorTag[])]).then(
      ([profile, tags]) => {
        if (token !== this.loadToken) return;
        this.profile = profile;
        this.tags = tags;
        this.renderView();
      },
      (e) => token === this.loadToken && this.content.replaceChildren(h("p", { class: "merror", role: "alert" }, errorMessage(e))),
    );
  }

  /** The session's header data changed (a nickname edited elsewhere): only the view mode re-renders. */
  refresh(): void {
    if (this.profile && !this.content.querySelector("form")) this.renderView();
  }

  private renderView(): void {
    const t = this.t;
    const p = this.profile!;
    const s = this.session!;
    const name = visitorName({ visitorId: p.visitorId, visitorNickname: p.nickname }, t);
    const row = (label: string, value: string | null | undefined | Node) =>
      value === null || value === undefined || value === "" ? null : h("div", { class: "kv" }, h("dt", {}, label), h("dd", {}, value));
    const link = (url: string | null | undefined) => {
      const safe = safeUrl(url);
      return safe ? h("a", { href: safe, target: "_blank", rel: "noopener noreferrer nofollow" }, url!) : url;
    };
    const tagNames = p.tagIds.map((id) => this.tags.find((x) => x.id === id)?.name).filter((n): n is string => !!n);
    const custom = Object.entries(p.customFields ?? {});
    const edit = h("button", { class: "btn small", type: "button", onclick: () => this.renderForm() }, icon(ICONS.edit, 16), t.edit);
    const parts: (HTMLElement | null)[] = [
      h("header", { class: "phead" }, avatar(p.visitorId, avatarName({ visitorNickname: p.nickname }, t)), h("div", { class: "pname" }, h("h2", {}, name), p.trueName ? h("p", {}, p.trueName) : null), edit),
      // The nickname and name are in the header already.
      h("dl", { class: "kvs" }, ...FIELDS.filter((f) => f.key !== "nickname" && f.key !== "trueName").map((f) => row(t[f.key], p[f.key])), row(t.userId, p.userId)),
      custom.length ? h("h3", { class: "label" }, t.customFields) : null,
      custom.length ? h("dl", { class: "kvs" }, ...custom.map(([k, v]) => row(k, v))) : null,
      h("h3", { class: "label" }, t.tags),
      tagNames.length ? h("ul", { class: "chips" }, ...tagNames.map((n) => h("li", { class: "chip" }, n))) : h("p", { class: "muted" }, t.noTags),
      h("h3", { class: "label" }, t.source),
      h("dl", { class: "kvs" }, row(t.page, link(p.source?.page)), row(t.referrer, link(p.source?.referrer)), row(t.userAgent, p.source?.userAgent), row(t.firstSeen, dateTime(p.createDatetime, this.lang)), row(t.lastSeen, dateTime(p.lastSeenDatetime, this.lang))),
      h("h3", { class: "label" }, t.session),
      h("dl", { class: "kvs" }, row(t.sessionId, s.id), row(t.queueLabel, s.info.queueId != null ? this.queueName(s.info.queueId) : t.anyQueue), row(t.started, dateTime(s.info.startDateTime ?? s.info.createDatetime, this.lang))),
      h("p", { class: "saved", role: "status" }),
    ];
    this.content.replaceChildren(...parts.filter((x): x is HTMLElement => x !== null));
  }

  private renderForm(): void {
    const t = this.t;
    const p = this.profile!;
    const form = h("form", { class: "pform", novalidate: true });
    for (const f of FIELDS) {
      const id = `ws-p-${f.key}`;
      const input = f.type === "textarea" ? h("textarea", { id, name: f.key, rows: 3, maxlength: f.max }) : h("input", { id, name: f.key, type: f.type, maxlength: f.max, autocomplete: f.autocomplete });
      input.value = p[f.key] ?? "";
      form.append(h("label", { class: "label", for: id }, t[f.key]), input);
    }
    const rows = h("div", { class: "custom" });
    const addRow = (key = "", value = "") => {
      const k = h("input", { class: "ckey", maxlength: 50, "aria-label": t.fieldName, placeholder: t.fieldName });
      const v = h("input", { class: "cval", maxlength: 500, "aria-label": t.fieldValue, placeholder: t.fieldValue });
      k.value = key;
      v.value = value;
      const remove = h("button", { class: "icon-btn", type: "button", "aria-label": t.removeField.replace("{name}", key), title: t.removeField.replace("{name}", key) }, icon(ICONS.close, 16));
      const line = h("div", { class: "crow" }, k, v, remove);
      remove.addEventListener("click", () => line.remove());
      rows.append(line);
    };
    Object.entries(p.customFields ?? {}).forEach(([k, v]) => addRow(k, v));
    const add = h("button", { class: "btn small", type: "button", onclick: () => rows.children.length < MAX_CUSTOM_FIELDS && addRow() }, icon(ICONS.plus, 16), t.addField);
    form.append(h("h3", { class: "label" }, t.customFields), rows, add);
    if (this.tags.length) {
      form.append(
        h(
          "fieldset",
          { class: "group" },
          h("legend", {}, t.tags),
          ...this.tags.map((tag) => h("label", { class: "check" }, h("input", { type: "checkbox", name: "tag", value: tag.id, checked: p.tagIds.includes(tag.id) }), h("span", {}, tag.name))),
        ),
      );
    }
    const error = h("p", { class: "merror", role: "alert", hidden: true });
    const save = h("button", { class: "btn primary", type: "submit" }, t.save);
    form.append(error, h("div", { class: "pactions" }, h("button", { class: "btn", type: "button", onclick: () => this.renderView() }, t.cancel), save));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.save(form, rows, save, error);
    });
    this.content.replaceChildren(form);
    (form.querySelector("input") as HTMLInputElement).focus();
  }

  private async save(form: HTMLFormElement, rows: HTMLElement, save: HTMLButtonElement, error: HTMLElement): Promise<void> {
    const p = this.profile!;
    const change: Record<string, unknown> = {};
    for (const f of FIELDS) change[f.key] = (form.elements.namedItem(f.key) as HTMLInputElement).value.trim();
    const custom: Record<string, string> = {};
    rows.querySelectorAll(".crow").forEach((line) => {
      const key = (line.querySelector(".ckey") as HTMLInputElement).value.trim();
      if (key) custom[key] = (line.querySelector(".cval") as HTMLInputElement).value;
    });
    change.customFields = custom;
    const tagIds = Array.from(form.querySelectorAll<HTMLInputElement>("input[name=tag]:checked"), (i) => Number(i.value));
    save.disabled = true;
    save.textContent = this.t.saving;
    error.hidden = true;
    try {
      let updated = await this.api.updateVisitor(p.visitorId, change);
      if (this.tags.length && [...tagIds].sort((a, b) => a - b).join() !== [...p.tagIds].sort((a, b) => a - b).join()) {
        await this.api.setVisitorTags(p.visitorId, tagIds);
        updated = { ...updated, tagIds };
      }
      this.profile = updated;
      this.onSaved(updated);
      this.renderView();
      (this.content.querySelector(".saved") as HTMLElement).textContent = this.t.saved;
    } catch (e) {
      error.textContent = errorMessage(e);
      error.hidden = false;
      save.disabled = false;
      save.textContent = this.t.save;
    }
  }
}

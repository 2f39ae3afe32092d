import { h, icon } from "../shared/dom";
import { errorMessage } from "../shared/errors";
import { ApiFailure } from "../shared/HubRest";
import { ICONS } from "./icons";
import { isMissingRoute, type AgentApi, type LeaveMessage, type LeaveStatus } from "./AgentApi";
import { dateTime } from "./present";
import type { WorkspaceTexts } from "./texts";

const STATUSES: LeaveStatus[] = ["Untreated", "Processing", "Resolved"];

/**
 * Leave messages (`data-kefu="leave-messages"`): newest first, filtered by status, each with its status
 * to change. Assigning and comments appear only when the hub has those calls (a plain 404 says it has
 * not); a hub that lets only administrators list them says so instead of failing.
 */
export class LeaveMessagesPanel {
  readonly el: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly status: HTMLParagraphElement;
  private readonly filters: HTMLDivElement;
  private filter: LeaveStatus | null = null;
  private items: LeaveMessage[] = [];
  private loaded = false;
  /** Whether the hub has comments and assignees: unknown until probed once. */
  private commentsAvailable: boolean | undefined;

  constructor(
    private readonly t: WorkspaceTexts,
    private readonly lang: string,
    private readonly api: AgentApi,
    private readonly self: () => string,
  ) {
    this.filters = h("div", { class: "filters", role: "group", "aria-label": t.status });
    for (const value of [null, ...STATUSES]) {
      const b = h("button", { class: "filter", type: "button", "aria-pressed": String(value === null) }, value ? t[value] : t.allStatuses);
      b.addEventListener("click", () => {
        this.filter = value;
        this.filters.querySelectorAll("button").forEach((x) => x.setAttribute("aria-pressed", String(x === b)));
        void this.load();
      });
      this.filters.append(b);
    }
    this.status = h("p", { class: "muted", role: "status" });
    this.list = h("ul", { class: "leaves" });
    const refresh = h("button", { class: "btn small", type: "button", onclick: () => void this.load() }, icon(ICONS.refresh, 16), t.refresh);
    this.el = h(
      "section",
      { class: "leave-panel", "data-kefu": "leave-messages", "aria-labelledby": "ws-leave-title" },
      h("header", { class: "lhead" }, h("h1", { id: "ws-leave-title" }, t.leaveMessages), refresh),
      this.filters,
      this.status,
      this.list,
    );
  }

  /** Loads the first time it is shown; later pushes keep it current. */
  shown(): void {
    if (!this.loaded) void this.load();
  }

  /** A new leave message, or one changed by someone else (`leaveMessage` push). */
  pushed(item: LeaveMessage): void {
    if (!this.loaded) return;
    const i = this.items.findIndex((x) => x.leaveMessageId === item.leaveMessageId);
    if (i >= 0) {
      this.items[i] = item;
      this.list.querySelector(`[data-leave-id="${item.leaveMessageId}"]`)?.replaceWith(this.card(item));
      return;
    }
    if (this.filter && item.status !== this.filter) return;
    this.items.unshift(item);
    this.list.prepend(this.card(item));
    this.status.textContent = "";
  }

  async load(): Promise<void> {
    const t = this.t;
    this.status.textContent = t.loading;
    this.list.setAttribute("aria-busy", "true");
    try {
      this.items = await this.api.leaveMessages(this.filter);
      this.loaded = true;
      if (this.commentsAvailable === undefined && this.items.length) await this.probeComments(this.items[0].leaveMessageId);
      this.list.replaceChildren(...this.items.map((m) => this.card(m)));
      this.status.textContent = this.items.length ? (this.commentsAvailable === false ? t.leaveCommentsUnavailable : "") : t.noLeaveMessages;
    } catch (e) {
      this.list.replaceChildren();
      this.status.textContent = e instanceof ApiFailure && e.status === 403 ? t.leaveAdminOnly : errorMessage(e);
    } finally {
      this.list.removeAttribute("aria-busy");
    }
  }

  private async probeComments(id: number): Promise<void> {
    try {
      await this.api.leaveComments(id);
      this.commentsAvailable = true;
    } catch (e) {
      this.commentsAvailable = isMissingRoute(e) ? false : undefined;
    }
  }

  private card(m: LeaveMessage): HTMLLIElement {
    const t = this.t;
    const id = `ws-leave-${m.leaveMessageId}`;
    const select = h("select", { id: `${id}-status`, class: "select" });
    for (const s of STATUSES) select.append(h("option", { value: s, selected: s === m.status }, t[s]));
    const error = h("p", { class: "merror", role: "alert", hidden: true });
    const li = h("li", { class: "leave", "data-leave-id": m.leaveMessageId, "data-status": m.status });
    select.addEventListener("change", async () => {
      const previous = m.status;
      const next = select.value as LeaveStatus;
      select.disabled = true;
      try {
        await this.api.updateLeaveMessage(m.leaveMessageId, { status: next });
        m.status = next;
        li.dataset.status = next;
        error.hidden = true;
      } catch (e) {
        select.value = previous;
        error.textContent = errorMessage(e);
        error.hidden = false;
      } finally {
        select.disabled = false;
      }
    });
    const who = [m.name, m.phone, m.email].filter((x): x is string => !!x);
    const parts = [
      h("div", { class: "ltop" }, h("span", { class: "lwho" }, who.length ? who.join(" · ") : t.visitor), h("time", { datetime: m.createDatetime }, dateTime(m.createDatetime, this.lang))),
      h("p", { class: "lcontent" }, m.content),
      h("div", { class: "lfoot" }, h("label", { for: select.id }, t.status), select, this.commentsAvailable ? this.assignee(m, li) : null),
      error,
      this.commentsAvailable ? this.comments(m) : null,
    ];
    li.append(...parts.filter((x): x is HTMLElement => x !== null));
    return li;
  }

  private assignee(m: LeaveMessage, li: HTMLElement): HTMLElement {
    const t = this.t;
    const label = h("span", { class: "assignee" }, `${t.assignee}: ${m.assigneeUsername ?? t.unassigned}`);
    const button = h("button", { class: "btn small", type: "button", hidden: m.assigneeUsername === this.self() }, t.assignToMe);
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        await this.api.updateLeaveMessage(m.leaveMessageId, { assigneeUsername: this.self() });
        m.assigneeUsername = this.self();
        label.textContent = `${t.assignee}: ${m.assigneeUsername}`;
        button.hidden = true;
      } catch (e) {
        const error = li.querySelector(".merror") as HTMLElement;
        error.textContent = errorMessage(e);
        error.hidden = false;
      } finally {
        button.disabled = false;
      }
    });
    return h("span", { class: "lassign" }, label, button);
  }

  private comments(m: LeaveMessage): HTMLElement {
    const t = this.t;
    const list = h("ul", { class: "comments" });
    const input = h("input", { type: "text", maxlength: 1000, "aria-label": t.addComment, placeholder: t.addComment });
    const form = h("form", { class: "cform" }, input, h("button", { class: "btn small", type: "submit" }, t.post));
    const details = h("details", { class: "lcomments" }, h("summary", {}, t.comments), list, form);
    const line = (c: { author: string; text: string; createDatetime: string }) =>
      h("li", {}, h("span", { class: "cauthor" }, c.author), h("time", { datetime: c.createDatetime }, dateTime(c.createDatetime, this.lang)), h("p", {}, c.text));
    details.addEventListener("toggle", async () => {
      if (!details.open || details.dataset.loaded) return;
      details.dataset.loaded = "1";
      try {
        list.replaceChildren(...(await this.api.leaveComments(m.leaveMessageId)).map(line));
      } catch (e) {
        list.replaceChildren(h("li", { class: "merror" }, errorMessage(e)));
      }
    });
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      input.disabled = true;
      try {
        list.append(line(await this.api.addLeaveComment(m.leaveMessageId, text)));
        input.value = "";
      } catch (error) {
        list.append(h("li", { class: "merror" }, errorMessage(error)));
      } finally {
        input.disabled = false;
        input.focus();
      }
    });
    return details;
  }
}

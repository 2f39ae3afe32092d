import type { ChatMessage } from "../shared/ChatMessage";
import { h } from "../shared/dom";
import { formatTime, renderMessageBody } from "../shared/MessageBody";
import type { AddOutcome, InboxSession } from "./InboxSession";
import { dateTime } from "./present";
import type { WorkspaceTexts } from "./texts";

export interface ConversationContext {
  t: WorkspaceTexts;
  lang: string;
  hubOrigin: string;
  retry: (session: InboxSession, message: ChatMessage) => void;
}

/**
 * The message log of one session. Built the first time the agent opens the session, then kept and
 * changed one element at a time: a new message is one append, an acknowledgement one replacement.
 * Nothing here re-renders the list, and no other session's log is touched.
 */
export class ConversationView {
  readonly el: HTMLDivElement;
  private readonly bySeq = new Map<number, HTMLElement>();
  private readonly byClient = new Map<string, HTMLElement>();

  constructor(private readonly session: InboxSession, private readonly ctx: ConversationContext) {
    this.el = h("div", { class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-label": ctx.t.messages, tabindex: "0" });
    const fragment = document.createDocumentFragment();
    for (const m of session.messages.items()) fragment.append(this.track(m, this.element(m)));
    this.el.append(fragment);
  }

  /** A message from the hub, placed by seq; the echo of an unsent one replaces it. */
  added(outcome: AddOutcome): void {
    const m = outcome.message;
    if (this.bySeq.has(m.seq!)) return;
    const local = m.clientMessageId ? this.byClient.get(m.clientMessageId) : undefined;
    const el = this.track(m, this.element(m));
    if (local) this.byClient.delete(m.clientMessageId!);
    this.place(el, m.seq!, outcome.appended, local);
  }

  /** The agent's own message before it is stored. */
  local(m: ChatMessage): void {
    this.el.append(this.track(m, this.element(m)));
  }

  /** An unsent message changed (progress, failure, retry). */
  updateLocal(m: ChatMessage): void {
    const old = m.clientMessageId ? this.byClient.get(m.clientMessageId) : undefined;
    if (!old) return;
    const el = this.element(m);
    this.byClient.set(m.clientMessageId!, el);
    old.replaceWith(el);
  }

  /** The hub stored the agent's message: the unsent element becomes the stored one, in seq place. */
  acked(clientMessageId: string, stored: ChatMessage): void {
    const local = this.byClient.get(clientMessageId);
    if (this.bySeq.has(stored.seq!)) {
      local?.remove();
      this.byClient.delete(clientMessageId);
      return;
    }
    const el = this.track(stored, this.element(stored));
    this.byClient.delete(clientMessageId);
    this.place(el, stored.seq!, stored.seq! >= this.session.messages.maxSeq, local);
  }

  scrollToEnd(): void {
    this.el.scrollTop = this.el.scrollHeight;
  }

  get nearEnd(): boolean {
    return this.el.scrollHeight - this.el.scrollTop - this.el.clientHeight < 80;
  }

  private place(el: HTMLElement, seq: number, appended: boolean, replacing: HTMLElement | undefined): void {
    replacing?.remove();
    if (appended) {
      // After every stored message, before the unsent ones.
      const firstLocal = this.byClient.values().next().value as HTMLElement | undefined;
      this.el.insertBefore(el, firstLocal ?? null);
      return;
    }
    let next: HTMLElement | undefined;
    let nextSeq = Infinity;
    for (const [s, e] of this.bySeq) {
      if (s > seq && s < nextSeq) {
        nextSeq = s;
        next = e;
      }
    }
    this.el.insertBefore(el, next ?? this.byClient.values().next().value ?? null);
  }

  private track(m: ChatMessage, el: HTMLElement): HTMLElement {
    if (m.seq !== undefined) this.bySeq.set(m.seq, el);
    else if (m.clientMessageId) this.byClient.set(m.clientMessageId, el);
    return el;
  }

  private element(m: ChatMessage): HTMLElement {
    const { t, lang } = this.ctx;
    const el = h("div", { class: "msg", "data-kefu": "message", "data-from": m.from, "data-state": m.state, "data-seq": m.seq ?? undefined, "data-type": m.type });
    if (m.from === "robot") el.append(h("span", { class: "who" }, t.robot));
    el.append(renderMessageBody(m, this.ctx.hubOrigin, t));
    if (m.progress !== undefined) {
      const bar = h("i");
      bar.style.width = `${Math.round(m.progress * 100)}%`;
      el.append(h("div", { class: "progress", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": Math.round(m.progress * 100), "aria-label": t.sending }, bar));
    }
    const meta = h("div", { class: "meta" });
    if (m.state === "failed") {
      meta.append(m.error ? `${m.error} ` : "", h("button", { class: "retry", type: "button", onclick: () => this.ctx.retry(this.session, m) }, t.failed));
    } else if (m.state === "sending") {
      meta.append(t.sending);
    } else if (m.createDatetime) {
      meta.append(h("time", { datetime: m.createDatetime, title: dateTime(m.createDatetime, lang) }, formatTime(m.createDatetime, lang)));
    }
    el.append(meta);
    return el;
  }
}

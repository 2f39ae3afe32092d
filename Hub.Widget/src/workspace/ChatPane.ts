import { h, icon } from "../shared/dom";
import { format } from "../shared/i18n";
import { ICONS } from "./icons";
import { Composer, type ComposerEvents } from "./Composer";
import type { ConversationView } from "./ConversationView";
import type { InboxSession } from "./InboxSession";
import { avatarName, visitorName } from "./present";
import { avatar } from "./SessionList";
import type { WorkspaceTexts } from "./texts";

export interface ChatPaneEvents extends ComposerEvents {
  back: () => void;
  details: () => void;
  inviteRating: (button: HTMLButtonElement) => void;
  transfer: () => void;
  close: () => void;
}

/** The middle column: the open session's header and actions, its log, the visitor's typing, the reply box. */
export class ChatPane {
  readonly el: HTMLElement;
  readonly composer: Composer;
  private readonly head: HTMLElement;
  private readonly who: HTMLDivElement;
  private readonly actions: HTMLDivElement;
  private readonly logHost: HTMLDivElement;
  private readonly empty: HTMLDivElement;
  private readonly typing: HTMLDivElement;
  private readonly banner: HTMLDivElement;
  private readonly toastEl: HTMLDivElement;
  private toastTimer: ReturnType<typeof setTimeout> | undefined;
  private session: InboxSession | null = null;

  /** @param subtitle A line under the visitor's name: its queue and when the conversation began. */
  constructor(private readonly t: WorkspaceTexts, events: ChatPaneEvents, private readonly subtitle: (session: InboxSession) => string) {
    this.composer = new Composer(t, events);
    const back = h("button", { class: "icon-btn back", type: "button", "aria-label": t.back, title: t.back, onclick: () => events.back() }, icon(ICONS.back));
    this.who = h("div", { class: "who-box" });
    const invite = h("button", { class: "btn small", type: "button", "data-kefu": "invite-rating", title: t.inviteRating }, icon(ICONS.star, 16), h("span", { class: "label-text" }, t.inviteRating));
    invite.addEventListener("click", () => events.inviteRating(invite));
    this.actions = h(
      "div",
      { class: "actions" },
      invite,
      h("button", { class: "btn small", type: "button", "data-kefu": "transfer", title: t.transfer, onclick: () => events.transfer() }, icon(ICONS.transfer, 16), h("span", { class: "label-text" }, t.transfer)),
      h("button", { class: "btn small danger", type: "button", "data-kefu": "close", title: t.close, onclick: () => events.close() }, icon(ICONS.check, 16), h("span", { class: "label-text" }, t.close)),
      h("button", { class: "icon-btn details-btn", type: "button", "aria-label": t.details, title: t.details, onclick: () => events.details() }, icon(ICONS.info)),
    );
    this.head = h("header", { class: "chead" }, back, this.who, this.actions);
    this.logHost = h("div", { class: "loghost" });
    this.empty = h(
      "div",
      { class: "placeholder" },
      h("div", { class: "illus", "aria-hidden": "true" }, icon(ICONS.chat, 40)),
      h("h2", {}, t.selectConversation),
      h("p", {}, t.selectConversationSub),
      h("p", { class: "hint" }, t.switchHint),
    );
    this.typing = h("div", { class: "typing", "data-kefu": "typing", "aria-live": "polite", hidden: true });
    this.banner = h("div", { class: "banner", role: "status", hidden: true });
    this.toastEl = h("div", { class: "toast", role: "status", "aria-live": "polite", hidden: true });
    this.el = h("section", { class: "chat", "aria-label": t.conversations }, this.head, this.empty, this.logHost, this.typing, this.banner, this.composer.el, this.toastEl);
    this.show(null, null);
  }

  get current(): InboxSession | null {
    return this.session;
  }

  show(session: InboxSession | null, view: ConversationView | null): void {
    this.session = session;
    this.head.hidden = !session;
    this.empty.hidden = !!session;
    this.logHost.replaceChildren(...(view ? [view.el] : []));
    this.typing.hidden = true;
    if (session) this.header(session);
    this.ended(session?.ended ?? null);
    if (session) this.setTyping(session.visitorTyping);
  }

  /** The name or state of the open session changed. */
  header(session: InboxSession): void {
    if (session !== this.session) return;
    const name = visitorName(session.info, this.t);
    this.who.replaceChildren(avatar(session.info.visitorId, avatarName(session.info, this.t)), h("div", { class: "wtext" }, h("h2", { class: "cname" }, name), h("p", { class: "csub" }, this.subtitle(session))));
  }

  ended(kind: InboxSession["ended"]): void {
    const open = this.session && !kind;
    this.banner.hidden = !this.session || !kind;
    this.banner.textContent = kind === "transferred" ? this.t.endedTransferred : kind === "requeued" ? this.t.endedRequeued : kind ? this.t.ended : "";
    this.actions.querySelectorAll("button:not(.details-btn)").forEach((b) => ((b as HTMLButtonElement).disabled = !open));
    this.composer.disabled = !open;
  }

  setTyping(typing: boolean): void {
    const s = this.session;
    this.typing.hidden = !s || !typing || !!s.ended;
    if (!this.typing.hidden) {
      this.typing.replaceChildren(h("span", { class: "dots", "aria-hidden": "true" }, h("i"), h("i"), h("i")), h("span", {}, format(this.t.typing, { name: visitorName(s!.info, this.t) })));
    }
  }

  toast(text: string): void {
    clearTimeout(this.toastTimer);
    this.toastEl.textContent = text;
    this.toastEl.hidden = false;
    this.toastTimer = setTimeout(() => (this.toastEl.hidden = true), 4000);
  }
}

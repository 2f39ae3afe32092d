import { h } from "../shared/dom";
import { format } from "../shared/i18n";
import type { InboxSession } from "./InboxSession";
import { avatarColor, avatarName, initials, preview, since, visitorName } from "./present";
import type { WorkspaceTexts } from "./texts";

/** A waiting session the agent may pick (`GetWorkspace().waiting.items`). */
export interface WaitingItem {
  serviceSessionId: string;
  createDatetime: string;
  queueId?: number | null;
  specifiedAgent?: string | null;
  visitorId: string;
}

interface Row {
  li: HTMLLIElement;
  button: HTMLButtonElement;
  name: HTMLSpanElement;
  time: HTMLTimeElement;
  preview: HTMLSpanElement;
  badge: HTMLSpanElement;
  /** The count as words, for screen readers. */
  unread: HTMLSpanElement;
  wait: HTMLSpanElement;
}

export interface SessionListEvents {
  select: (sessionId: string) => void;
  pick: (sessionId: string, button: HTMLButtonElement) => void;
}

/**
 * The left column: the agent's own sessions, newest activity first, and the waiting line. Each row is
 * built once and then only its texts change; a new message moves its row to the top and touches no
 * other row.
 */
export class SessionList {
  readonly el: HTMLElement;
  private readonly mineList: HTMLUListElement;
  private readonly mineCount: HTMLSpanElement;
  private readonly mineEmpty: HTMLParagraphElement;
  private readonly waitingList: HTMLUListElement;
  private readonly waitingCount: HTMLSpanElement;
  private readonly waitingEmpty: HTMLParagraphElement;
  private readonly rows = new Map<string, Row>();
  private readonly sessions = new Map<string, InboxSession>();
  private active: string | null = null;

  constructor(
    private readonly t: WorkspaceTexts,
    private readonly events: SessionListEvents,
    private readonly queueName: (queueId: number | null | undefined) => string,
  ) {
    this.mineCount = h("span", { class: "count" }, "0");
    this.mineList = h("ul", { class: "sessions", "aria-labelledby": "ws-mine-title" });
    this.mineEmpty = h("p", { class: "empty" }, t.noSessions);
    this.waitingCount = h("span", { class: "count" }, "0");
    this.waitingList = h("ul", { class: "waitings", "aria-labelledby": "ws-waiting-title" });
    this.waitingEmpty = h("p", { class: "empty" }, t.noWaiting);
    this.el = h(
      "div",
      { class: "lists" },
      h("h2", { class: "section", id: "ws-mine-title" }, t.mine, this.mineCount),
      this.mineList,
      this.mineEmpty,
      h("h2", { class: "section", id: "ws-waiting-title" }, t.waiting, this.waitingCount),
      this.waitingList,
      this.waitingEmpty,
      h("p", { class: "hint" }, t.switchHint),
    );
  }

  /** The sessions in the order shown. */
  get order(): string[] {
    return Array.from(this.mineList.children, (li) => (li as HTMLElement).dataset.id!);
  }

  get totalUnread(): number {
    let n = 0;
    for (const s of this.sessions.values()) n += s.unread;
    return n;
  }

  /** Adds a session's row, or refreshes it; `moveToTop` when its last activity changed. */
  upsert(session: InboxSession, moveToTop = false): void {
    let row = this.rows.get(session.id);
    if (!row) {
      row = this.buildRow(session);
      this.rows.set(session.id, row);
      this.sessions.set(session.id, session);
      this.insertInOrder(session, row.li);
    } else if (moveToTop && this.mineList.firstElementChild !== row.li) {
      this.insertInOrder(session, row.li);
    }
    this.fill(session, row);
    this.counts();
  }

  remove(sessionId: string): void {
    this.rows.get(sessionId)?.li.remove();
    this.rows.delete(sessionId);
    this.sessions.delete(sessionId);
    this.counts();
  }

  setActive(sessionId: string | null): void {
    if (this.active) this.rows.get(this.active)?.button.removeAttribute("aria-current");
    this.active = sessionId;
    if (sessionId) this.rows.get(sessionId)?.button.setAttribute("aria-current", "true");
  }

  focusRow(sessionId: string): void {
    this.rows.get(sessionId)?.button.focus();
  }

  setWaiting(items: WaitingItem[], count: number): void {
    this.waitingList.replaceChildren(
      ...items.map((item) => {
        const name = visitorName({ visitorId: item.visitorId }, this.t);
        const pick = h("button", { class: "pick", type: "button", "data-kefu": "pick", "aria-label": `${this.t.pick}: ${name}` }, this.t.pick);
        pick.addEventListener("click", () => this.events.pick(item.serviceSessionId, pick));
        return h(
          "li",
          { class: "wrow", "data-kefu": "waiting", "data-session-id": item.serviceSessionId },
          avatar(item.visitorId, this.t.visitor),
          h(
            "span",
            { class: "rmain" },
            h("span", { class: "rname" }, name),
            h("span", { class: "rsub" }, item.specifiedAgent ? this.t.askedForYou : this.queueName(item.queueId)),
          ),
          h("time", { class: "rtime", datetime: item.createDatetime, "data-since": item.createDatetime }, since(item.createDatetime, Date.now(), this.t)),
          pick,
        );
      }),
    );
    this.waitingCount.textContent = String(count);
    this.waitingEmpty.hidden = count > 0;
  }

  /** Every minute: the relative times, nothing else. */
  tick(): void {
    const now = Date.now();
    for (const [id, row] of this.rows) {
      const s = this.sessions.get(id)!;
      row.time.textContent = since(s.lastActivity, now, this.t);
      this.fillWait(s, row, now);
    }
    this.waitingList.querySelectorAll<HTMLTimeElement>("time[data-since]").forEach((el) => (el.textContent = since(el.dataset.since, now, this.t)));
  }

  private buildRow(session: InboxSession): Row {
    const name = h("span", { class: "rname" });
    const time = h("time", { class: "rtime" });
    const pre = h("span", { class: "rsub" });
    const badge = h("span", { class: "badge", "aria-hidden": "true" });
    const unread = h("span", { class: "vh" });
    const wait = h("span", { class: "wait" });
    const button = h(
      "button",
      { class: "row", type: "button", "data-kefu": "session", "data-session-id": session.id },
      avatar(session.info.visitorId, ""),
      h("span", { class: "rmain" }, h("span", { class: "rtop" }, name, time), h("span", { class: "rbottom" }, pre, wait, badge, unread)),
    );
    button.addEventListener("click", () => this.events.select(session.id));
    const li = h("li", { "data-id": session.id }, button);
    return { li, button, name, time, preview: pre, badge, unread, wait };
  }

  private fill(session: InboxSession, row: Row): void {
    const t = this.t;
    const name = visitorName(session.info, t);
    row.name.textContent = name;
    (row.button.firstElementChild as HTMLElement).textContent = initials(avatarName(session.info, t));
    row.time.textContent = since(session.lastActivity, Date.now(), t);
    row.time.dateTime = session.lastActivity;
    row.preview.textContent = session.loaded ? preview(session.last, t) : t.loading;
    row.badge.textContent = session.unread > 99 ? "99+" : String(session.unread);
    row.badge.hidden = session.unread === 0;
    row.button.dataset.unread = String(session.unread);
    row.button.classList.toggle("unread", session.unread > 0);
    row.unread.textContent = session.unread ? `, ${format(t.unread, { n: session.unread })}` : "";
    this.fillWait(session, row, Date.now());
  }

  private fillWait(session: InboxSession, row: Row, now: number): void {
    const waited = session.waitingSince ? now - new Date(session.waitingSince).getTime() : 0;
    row.wait.hidden = !session.waitingSince || waited < 60_000;
    row.wait.textContent = row.wait.hidden ? "" : format(this.t.waitingFor, { time: since(session.waitingSince, now, this.t) });
    row.wait.dataset.level = waited >= 5 * 60_000 ? "late" : "due";
  }

  private insertInOrder(session: InboxSession, li: HTMLLIElement): void {
    const key = Date.parse(session.lastActivity);
    for (const other of this.mineList.children) {
      if (other === li) continue;
      const s = this.sessions.get((other as HTMLElement).dataset.id!);
      if (s && Date.parse(s.lastActivity) < key) {
        this.mineList.insertBefore(li, other);
        return;
      }
    }
    this.mineList.append(li);
  }

  private counts(): void {
    const count = String(this.rows.size);
    // Written only when they change: a new message in one session touches nothing outside its row.
    if (this.mineCount.textContent !== count) this.mineCount.textContent = count;
    if (this.mineEmpty.hidden !== this.rows.size > 0) this.mineEmpty.hidden = this.rows.size > 0;
  }
}

/** A round avatar with the visitor's initials, coloured by its id (CSSOM, so a strict CSP allows it). */
export function avatar(visitorId: string, name: string): HTMLSpanElement {
  const el = h("span", { class: "avatar", "aria-hidden": "true" }, initials(name));
  el.style.background = avatarColor(visitorId);
  return el;
}

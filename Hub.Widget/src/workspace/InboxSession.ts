import type { ChatMessage, MessageEvent } from "../shared/ChatMessage";
import { MessageList } from "../shared/MessageList";
import type { SendAck } from "../shared/Outbox";

/** A session as the agent hub shows it (`GetWorkspace`, `sessionAssigned`, `Pick`). */
export interface SessionInfo {
  serviceSessionId: string;
  visitorId: string;
  visitorNickname?: string | null;
  state: string;
  queueId?: number | null;
  agentUsername?: string | null;
  createDatetime: string;
  startDateTime?: string | null;
}

export interface AddOutcome {
  /** New to the list (false for a repeat, and for the echo of the agent's own unsent message). */
  added: boolean;
  /** The stored message; its clientMessageId is set when it was the agent's own unsent one. */
  message: ChatMessage;
  /** Messages are missing before this one: fill with GetMessages. */
  gap: boolean;
  /** It went after every stored message (the usual live case), so a view can simply append it. */
  appended: boolean;
}

/** Why a session left the agent's list while its pane may still be open. */
export type EndKind = "closed" | "transferred" | "requeued";

/**
 * One session the agent serves, without DOM or network: its messages in seq order, what the agent has
 * read, how long the visitor has been waiting for an answer. Kept up to date one message at a time, so
 * a new message costs the same with 20 sessions of 200 messages as with one.
 */
export class InboxSession {
  readonly messages = new MessageList("agent");
  /** The full history has been fetched once. */
  loaded = false;
  ended: EndKind | null = null;
  visitorTyping = false;
  readSeq = 0;
  unread = 0;
  /** When the visitor's oldest unanswered message was sent; null when the agent spoke last. */
  waitingSince: string | null = null;
  last: ChatMessage | undefined;

  constructor(public info: SessionInfo) {}

  get id(): string {
    return this.info.serviceSessionId;
  }

  /** For ordering the list: the last message's time, else when the session began. */
  get lastActivity(): string {
    return this.last?.createDatetime ?? this.info.startDateTime ?? this.info.createDatetime;
  }

  add(event: MessageEvent): AddOutcome {
    const known = this.messages.get(event.seq);
    if (known) return { added: false, message: known, gap: this.messages.hasGap, appended: false };
    const before = this.messages.maxSeq;
    const { added, gap } = this.messages.add(event);
    const stored = this.messages.get(event.seq)!;
    const appended = event.seq > before;
    if (appended) {
      this.last = stored;
      if (stored.from === "visitor") {
        this.waitingSince ??= stored.createDatetime ?? null;
        this.visitorTyping = false;
        if (stored.seq! > this.readSeq) this.unread++;
      } else if (stored.from === "agent") {
        this.waitingSince = null;
      }
    } else {
      this.recount();
    }
    return { added, message: stored, gap, appended };
  }

  /** The agent's own message, shown before the hub stores it. */
  addLocal(message: ChatMessage): void {
    this.messages.addLocal(message);
    this.last = message;
    this.waitingSince = null;
  }

  acked(clientMessageId: string, ack: SendAck): ChatMessage | undefined {
    this.messages.ack(clientMessageId, ack);
    const stored = this.messages.get(ack.seq);
    if (stored && ack.seq >= this.messages.maxSeq) this.last = stored;
    return stored;
  }

  /** Everything stored so far has been seen; true when that changed anything. */
  markRead(): boolean {
    return this.setReadSeq(this.messages.maxSeq);
  }

  /** Read up to `seq` (here or in another tab). */
  setReadSeq(seq: number): boolean {
    if (seq <= this.readSeq) return false;
    this.readSeq = seq;
    const before = this.unread;
    this.recount();
    return before !== this.unread;
  }

  /** After a page of history or an out-of-order message: recompute from the list. */
  recount(): void {
    let unread = 0;
    let waitingSince: string | null = null;
    let last: ChatMessage | undefined;
    for (const m of this.messages.items()) {
      last = m;
      if (m.from === "visitor") {
        if (m.seq !== undefined && m.seq > this.readSeq) unread++;
        waitingSince ??= m.createDatetime ?? null;
      } else if (m.from === "agent") {
        waitingSince = null;
      }
    }
    this.unread = unread;
    this.waitingSince = waitingSince;
    this.last = last;
  }
}

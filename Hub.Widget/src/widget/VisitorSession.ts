import type { ChatMessage, MessageEvent } from "../shared/ChatMessage";
import { MessageList } from "../shared/MessageList";

export type SessionState = "None" | "Wait" | "Processing" | "Robot" | "Terminal" | "Abort" | "LeaveMessage";

export interface AgentInfo {
  nicename: string;
  state: string;
}

export interface QueueInfo {
  position: number;
  waitingCount?: number;
  estimatedWaitSeconds?: number;
}

export type NoticeKind = "created" | "waiting" | "accepted" | "transferred" | "closed";

export interface Notice {
  kind: NoticeKind;
  agent?: string;
  /** Shown after the message with this seq. */
  afterSeq: number;
  id: number;
}

export type TimelineItem = { kind: "message"; message: ChatMessage } | { kind: "notice"; notice: Notice };

export interface StartSessionResult {
  serviceSessionId?: string | null;
  state: string;
  queuePosition?: number | null;
  agent?: AgentInfo | null;
  welcome?: string | null;
  offDutyReminderText?: string | null;
}

/**
 * The visitor's side of one conversation, without DOM or network: what the hub said, in the order
 * it matters, and what the panel should show. The widget feeds it events and renders from it.
 */
export class VisitorSession {
  readonly messages = new MessageList();
  sessionId: string | null = null;
  state: SessionState = "None";
  agent: AgentInfo | null = null;
  queue: QueueInfo | null = null;
  agentTyping = false;
  ratingRequested = false;
  rated = false;
  offDutyText: string | null = null;
  unread = 0;
  private notices: Notice[] = [];
  private nextNoticeId = 1;

  get isOpen(): boolean {
    return this.state === "Wait" || this.state === "Processing" || this.state === "Robot";
  }

  started(result: StartSessionResult): void {
    this.offDutyText = result.offDutyReminderText ?? null;
    if (result.state === "LeaveMessage" || !result.serviceSessionId) {
      this.state = "LeaveMessage";
      return;
    }
    const isNew = result.serviceSessionId !== this.sessionId;
    if (isNew) {
      this.messages.clear();
      this.notices = [];
      this.ratingRequested = false;
      this.rated = false;
      this.notice("created");
    }
    this.sessionId = result.serviceSessionId;
    this.setState(result.state as SessionState, result.agent ?? null, undefined, isNew);
    if (result.queuePosition) this.queue = { position: result.queuePosition };
  }

  /** Returns true when messages are missing before this one (fill with GetMessages). */
  onMessage(event: MessageEvent, visible: boolean): { added: boolean; gap: boolean } {
    if (event.serviceSessionId !== this.sessionId) return { added: false, gap: false };
    const result = this.messages.add(event);
    if (result.added && event.from !== "visitor") {
      this.agentTyping = false;
      if (!visible) this.unread++;
    }
    return result;
  }

  onQueuePosition(e: { serviceSessionId: string; position: number; waitingCount?: number; estimatedWaitSeconds?: number }): void {
    if (e.serviceSessionId !== this.sessionId || this.state !== "Wait") return;
    this.queue = { position: e.position, waitingCount: e.waitingCount, estimatedWaitSeconds: e.estimatedWaitSeconds };
  }

  onSessionState(e: { serviceSessionId: string; state: string; agent?: AgentInfo | null; reason?: string | null }): void {
    if (e.serviceSessionId !== this.sessionId) return;
    this.setState(e.state as SessionState, e.agent ?? null, e.reason ?? undefined, false);
  }

  onAgentState(e: { serviceSessionId: string; state: string }): void {
    if (e.serviceSessionId === this.sessionId && this.agent) this.agent = { ...this.agent, state: e.state };
  }

  onTyping(e: { serviceSessionId: string; typing: boolean }): void {
    if (e.serviceSessionId === this.sessionId) this.agentTyping = e.typing && this.state === "Processing";
  }

  onRatingRequested(e: { serviceSessionId: string }): void {
    if (e.serviceSessionId === this.sessionId && !this.rated) this.ratingRequested = true;
  }

  markRead(): void {
    this.unread = 0;
  }

  /** Messages and notices in the order they happened. */
  timeline(): TimelineItem[] {
    const out: TimelineItem[] = [];
    const notices = [...this.notices];
    for (const message of this.messages.items()) {
      while (notices.length && message.seq !== undefined && notices[0].afterSeq < message.seq) out.push({ kind: "notice", notice: notices.shift()! });
      if (message.seq === undefined) while (notices.length) out.push({ kind: "notice", notice: notices.shift()! });
      out.push({ kind: "message", message });
    }
    for (const notice of notices) out.push({ kind: "notice", notice });
    return out;
  }

  private setState(state: SessionState, agent: AgentInfo | null, reason: string | undefined, isNew: boolean): void {
    const previous = this.state;
    const previousAgent = this.agent?.nicename;
    this.state = state;
    if (state !== "Wait") this.queue = null;
    if (state === "Processing" && agent) {
      this.agent = agent;
      if (!isNew && (previous !== "Processing" || previousAgent !== agent.nicename)) {
        this.notice(previous === "Processing" || reason === "Transferred" ? "transferred" : "accepted", agent.nicename);
      } else if (isNew) {
        this.notice("accepted", agent.nicename);
      }
    } else if (state === "Wait") {
      if (previous !== "Wait") this.notice("waiting");
      this.agentTyping = false;
    } else if (state === "Terminal" || state === "Abort") {
      this.agentTyping = false;
      if (previous !== state) this.notice("closed");
    }
  }

  private notice(kind: NoticeKind, agent?: string): void {
    this.notices.push({ kind, agent, afterSeq: this.messages.maxSeq, id: this.nextNoticeId++ });
  }
}

import type { ChatMessage, MessageEvent, MessageFrom } from "./ChatMessage";

export interface AddResult {
  /** The message was new to the list. */
  added: boolean;
  /** Seqs are missing before it: fetch with `GetMessages({afterSeq: contiguousSeq})`. */
  gap: boolean;
}

/**
 * A session's messages in `seq` order, each once. The sender's own messages are shown while unsent
 * (no seq) and take their place when acknowledged or when their echo arrives, whichever is first.
 */
export class MessageList {
  private readonly bySeq = new Map<number, ChatMessage>();
  private readonly local: ChatMessage[] = [];
  private contiguous = 0;
  private max = 0;

  /** @param own Who writes from this side: `visitor` in the widget, `agent` in the workspace. */
  constructor(private readonly own: MessageFrom = "visitor") {}

  /** Every seq up to this one is in the list. */
  get contiguousSeq(): number {
    return this.contiguous;
  }

  get maxSeq(): number {
    return this.max;
  }

  get size(): number {
    return this.bySeq.size + this.local.length;
  }

  /** A stored message by its seq. */
  get(seq: number): ChatMessage | undefined {
    return this.bySeq.get(seq);
  }

  /** The sender's own unsent message. */
  getLocal(clientMessageId: string): ChatMessage | undefined {
    return this.local.find((m) => m.clientMessageId === clientMessageId);
  }

  get hasGap(): boolean {
    return this.maxSeq > this.contiguous;
  }

  clear(): void {
    this.bySeq.clear();
    this.local.length = 0;
    this.contiguous = 0;
    this.max = 0;
  }

  /** A message from the hub (push or catch-up). */
  add(event: MessageEvent): AddResult {
    if (this.bySeq.has(event.seq)) return { added: false, gap: this.hasGap };
    const mine = event.from === this.own ? this.takeLocalMatch(event) : undefined;
    this.bySeq.set(event.seq, { ...mine, ...event, clientMessageId: mine?.clientMessageId, state: "sent", progress: undefined });
    this.advance(event.seq);
    return { added: mine === undefined, gap: this.hasGap };
  }

  /** The sender's own message, before it is stored. */
  addLocal(message: ChatMessage): void {
    this.local.push(message);
  }

  updateLocal(clientMessageId: string, change: Partial<ChatMessage>): ChatMessage | undefined {
    const item = this.local.find((m) => m.clientMessageId === clientMessageId);
    if (item) Object.assign(item, change);
    return item;
  }

  removeLocal(clientMessageId: string): void {
    const i = this.local.findIndex((m) => m.clientMessageId === clientMessageId);
    if (i >= 0) this.local.splice(i, 1);
  }

  /** The hub stored the sender's message under this seq. */
  ack(clientMessageId: string, ack: { messageId: string; seq: number; createDatetime: string }): void {
    const i = this.local.findIndex((m) => m.clientMessageId === clientMessageId);
    const existing = this.bySeq.get(ack.seq);
    if (i < 0) {
      if (existing) existing.clientMessageId = clientMessageId;
      return;
    }
    const [item] = this.local.splice(i, 1);
    this.bySeq.set(ack.seq, { ...item, ...existing, ...ack, clientMessageId, state: "sent", progress: undefined });
    this.advance(ack.seq);
  }

  /** Stored messages by seq, then the unsent ones in the order they were written. */
  items(): ChatMessage[] {
    const stored = [...this.bySeq.values()].sort((a, b) => a.seq! - b.seq!);
    return [...stored, ...this.local];
  }

  private takeLocalMatch(event: MessageEvent): ChatMessage | undefined {
    // An echo of our own text can beat its ack; match the oldest unsent message with the same content.
    const i = this.local.findIndex(
      (m) => m.state !== "failed" && m.type === event.type && (m.text ?? null) === (event.text ?? null) && (m.url ?? null) === (event.url ?? null),
    );
    return i < 0 ? undefined : this.local.splice(i, 1)[0];
  }

  private advance(seq: number): void {
    if (seq > this.max) this.max = seq;
    while (this.bySeq.has(this.contiguous + 1)) this.contiguous++;
  }
}

export interface OutgoingMessage {
  clientMessageId: string;
  type: string;
  text?: string;
  url?: string;
  ext?: unknown;
}

export interface SendAck {
  messageId: string;
  seq: number;
  createDatetime: string;
}

export interface OutboxOptions {
  send: (message: OutgoingMessage) => Promise<SendAck>;
  /** True when the call failed because the connection went away: keep it and resend later. */
  isTransient: (error: unknown) => boolean;
  onAck: (message: OutgoingMessage, ack: SendAck) => void;
  onFail: (message: OutgoingMessage, error: unknown) => void;
}

/**
 * Sends messages one at a time in the order they were written. A message whose call is lost with
 * the connection stays at the head and is resent with the same clientMessageId when the connection
 * is back (the hub stores it once); messages written while offline wait behind it.
 */
export class Outbox {
  private readonly queue: OutgoingMessage[] = [];
  private online = false;
  private pumping = false;

  constructor(private readonly options: OutboxOptions) {}

  get pending(): readonly OutgoingMessage[] {
    return this.queue;
  }

  enqueue(message: OutgoingMessage): void {
    this.queue.push(message);
    void this.pump();
  }

  setOnline(online: boolean): void {
    this.online = online;
    if (online) void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.online && this.queue.length > 0) {
        const head = this.queue[0];
        try {
          const ack = await this.options.send(head);
          this.queue.shift();
          this.options.onAck(head, ack);
        } catch (error) {
          if (this.options.isTransient(error)) {
            this.online = false;
            return;
          }
          this.queue.shift();
          this.options.onFail(head, error);
        }
      }
    } finally {
      this.pumping = false;
    }
  }
}

/** Who wrote a message: `data-from` of the `message` hook. */
export type MessageFrom = "visitor" | "agent" | "system" | "robot";

/** `data-state` of the `message` hook. */
export type SendState = "sending" | "sent" | "failed";

export type MessageType = "txt" | "img" | "emoji" | "file" | "order" | "track";

/** A message as the hub pushes it (`message` event, `GetMessages`). */
export interface MessageEvent {
  serviceSessionId: string;
  messageId: string;
  seq: number;
  from: MessageFrom;
  type: MessageType;
  text?: string | null;
  url?: string | null;
  ext?: unknown;
  createDatetime: string;
}

/** A message in the list: stored ones have a seq; the visitor's own are shown before they are. */
export interface ChatMessage {
  seq?: number;
  messageId?: string;
  clientMessageId?: string;
  from: MessageFrom;
  type: MessageType;
  text?: string | null;
  url?: string | null;
  ext?: unknown;
  createDatetime?: string;
  state: SendState;
  /** 0..1 while a file uploads. */
  progress?: number;
  error?: string;
}

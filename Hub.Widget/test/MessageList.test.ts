import { describe, expect, it } from "vitest";
import type { MessageEvent } from "../src/shared/ChatMessage";
import { MessageList } from "../src/shared/MessageList";

const msg = (seq: number, from: MessageEvent["from"] = "agent", text = `m${seq}`): MessageEvent => ({
  serviceSessionId: "s1",
  messageId: `id${seq}`,
  seq,
  from,
  type: "txt",
  text,
  createDatetime: new Date(0).toISOString(),
});

describe("MessageList", () => {
  it("keeps seq order and each message once", () => {
    const list = new MessageList();
    list.add(msg(2));
    list.add(msg(1));
    expect(list.add(msg(2)).added).toBe(false);
    expect(list.items().map((m) => m.seq)).toEqual([1, 2]);
    expect(list.contiguousSeq).toBe(2);
  });

  it("reports a gap until the missing seqs arrive", () => {
    const list = new MessageList();
    list.add(msg(1));
    expect(list.add(msg(4)).gap).toBe(true);
    expect(list.contiguousSeq).toBe(1);
    list.add(msg(2));
    expect(list.add(msg(3)).gap).toBe(false);
    expect(list.contiguousSeq).toBe(4);
  });

  it("replaces an unsent message by its ack, keeping its place after stored ones", () => {
    const list = new MessageList();
    list.add(msg(1));
    list.addLocal({ clientMessageId: "c1", from: "visitor", type: "txt", text: "hello", state: "sending" });
    expect(list.items().map((m) => m.state)).toEqual(["sent", "sending"]);
    list.ack("c1", { messageId: "x", seq: 2, createDatetime: "" });
    expect(list.items()).toHaveLength(2);
    expect(list.items()[1]).toMatchObject({ seq: 2, clientMessageId: "c1", state: "sent" });
  });

  it("never doubles a message whose echo beats its ack", () => {
    const list = new MessageList();
    list.addLocal({ clientMessageId: "c1", from: "visitor", type: "txt", text: "same", state: "sending" });
    list.addLocal({ clientMessageId: "c2", from: "visitor", type: "txt", text: "same", state: "sending" });
    list.add(msg(1, "visitor", "same"));
    list.ack("c1", { messageId: "id1", seq: 1, createDatetime: "" });
    list.ack("c2", { messageId: "id2", seq: 2, createDatetime: "" });
    list.add(msg(2, "visitor", "same"));
    expect(list.items().map((m) => [m.seq, m.clientMessageId])).toEqual([[1, "c1"], [2, "c2"]]);
  });
});

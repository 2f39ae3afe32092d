import { describe, expect, it } from "vitest";
import type { MessageEvent } from "../src/shared/ChatMessage";
import { InboxSession } from "../src/workspace/InboxSession";

const info = { serviceSessionId: "s1", visitorId: "v1", state: "Processing", createDatetime: "2026-01-01T08:00:00Z" };
const at = (minute: number) => `2026-01-01T08:${String(minute).padStart(2, "0")}:00Z`;
const msg = (seq: number, from: MessageEvent["from"], minute = seq): MessageEvent => ({
  serviceSessionId: "s1",
  messageId: `m${seq}`,
  seq,
  from,
  type: "txt",
  text: `text ${seq}`,
  createDatetime: at(minute),
});

describe("InboxSession", () => {
  it("counts the visitor's messages after what the agent has read", () => {
    const s = new InboxSession(info);
    s.add(msg(1, "visitor"));
    s.add(msg(2, "agent"));
    s.add(msg(3, "visitor"));
    s.add(msg(4, "visitor"));
    expect(s.unread).toBe(3);
    expect(s.setReadSeq(3)).toBe(true);
    expect(s.unread).toBe(1);
    expect(s.markRead()).toBe(true);
    expect(s.unread).toBe(0);
    expect(s.setReadSeq(2)).toBe(false);
  });

  it("knows since when the visitor has been waiting for an answer", () => {
    const s = new InboxSession(info);
    s.add(msg(1, "visitor", 1));
    s.add(msg(2, "visitor", 5));
    expect(s.waitingSince).toBe(at(1));
    s.add(msg(3, "agent", 6));
    expect(s.waitingSince).toBeNull();
    s.add(msg(4, "system", 7));
    s.add(msg(5, "visitor", 9));
    expect(s.waitingSince).toBe(at(9));
    expect(s.lastActivity).toBe(at(9));
  });

  it("says a live message can be appended, and recounts when a gap is filled out of order", () => {
    const s = new InboxSession(info);
    expect(s.add(msg(1, "visitor")).appended).toBe(true);
    const late = s.add(msg(3, "agent"));
    expect(late).toMatchObject({ appended: true, gap: true });
    expect(s.waitingSince).toBeNull();
    const filled = s.add(msg(2, "visitor"));
    expect(filled).toMatchObject({ added: true, appended: false, gap: false });
    expect(s.unread).toBe(2);
    expect(s.last?.seq).toBe(3);
    expect(s.add(msg(2, "visitor"))).toMatchObject({ added: false, appended: false });
  });

  it("takes the echo of the agent's own message in place of the unsent one", () => {
    const s = new InboxSession(info);
    s.addLocal({ clientMessageId: "c1", from: "agent", type: "txt", text: "hello", state: "sending" });
    const echo = s.add({ ...msg(1, "agent"), text: "hello" });
    expect(echo.added).toBe(false);
    expect(echo.message).toMatchObject({ seq: 1, clientMessageId: "c1", state: "sent" });
    expect(s.messages.items()).toHaveLength(1);
  });
});

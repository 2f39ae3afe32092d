import { describe, expect, it } from "vitest";
import { VisitorSession } from "../src/widget/VisitorSession";

const message = (seq: number, from: "agent" | "visitor" | "system" = "agent") => ({
  serviceSessionId: "s1",
  messageId: `m${seq}`,
  seq,
  from,
  type: "txt" as const,
  text: `t${seq}`,
  createDatetime: "",
});

describe("VisitorSession", () => {
  it("shows queue position while waiting and the agent once accepted, with notices in order", () => {
    const s = new VisitorSession();
    s.started({ serviceSessionId: "s1", state: "Wait", queuePosition: 3 });
    expect(s.queue?.position).toBe(3);
    s.onQueuePosition({ serviceSessionId: "s1", position: 2, waitingCount: 5, estimatedWaitSeconds: 90 });
    expect(s.queue).toMatchObject({ position: 2, estimatedWaitSeconds: 90 });
    s.onMessage(message(1, "system"), true);
    s.onSessionState({ serviceSessionId: "s1", state: "Processing", agent: { nicename: "Alice", state: "Online" }, reason: "Routed" });
    expect(s.queue).toBeNull();
    expect(s.agent?.nicename).toBe("Alice");
    s.onMessage(message(2), true);
    s.onSessionState({ serviceSessionId: "s1", state: "Processing", agent: { nicename: "Bob", state: "Busy" }, reason: "Transferred" });
    s.onSessionState({ serviceSessionId: "s1", state: "Terminal", reason: "ClosedByAgent" });
    const timeline = s.timeline().map((i) => (i.kind === "notice" ? `${i.notice.kind}${i.notice.agent ? ":" + i.notice.agent : ""}` : `#${i.message.seq}`));
    expect(timeline).toEqual(["created", "waiting", "#1", "accepted:Alice", "#2", "transferred:Bob", "closed"]);
    expect(s.isOpen).toBe(false);
  });

  it("ignores events of other sessions and counts unread only while hidden", () => {
    const s = new VisitorSession();
    s.started({ serviceSessionId: "s1", state: "Processing", agent: { nicename: "A", state: "Online" } });
    s.onMessage({ ...message(1), serviceSessionId: "other" }, false);
    s.onMessage(message(1), true);
    s.onMessage(message(2), false);
    s.onMessage(message(3, "visitor"), false);
    expect(s.unread).toBe(1);
    s.onTyping({ serviceSessionId: "s1", typing: true });
    expect(s.agentTyping).toBe(true);
    s.onMessage(message(4), false);
    expect(s.agentTyping).toBe(false);
    s.markRead();
    expect(s.unread).toBe(0);
  });

  it("turns into the leave-message form when StartSession answers LeaveMessage", () => {
    const s = new VisitorSession();
    s.started({ serviceSessionId: null, state: "LeaveMessage", offDutyReminderText: "closed" });
    expect(s.state).toBe("LeaveMessage");
    expect(s.offDutyText).toBe("closed");
    expect(s.sessionId).toBeNull();
  });

  it("shows the agent's state changes", () => {
    const s = new VisitorSession();
    s.started({ serviceSessionId: "s1", state: "Processing", agent: { nicename: "A", state: "Online" } });
    s.onAgentState({ serviceSessionId: "s1", state: "Busy" });
    expect(s.agent?.state).toBe("Busy");
  });
});

import { describe, expect, it } from "vitest";
import type { MessageEvent } from "../src/shared/ChatMessage";
import { InboxSession } from "../src/workspace/InboxSession";
import { SessionList } from "../src/workspace/SessionList";
import { WORKSPACE_TEXTS } from "../src/workspace/texts";

const session = (id: string, minute: number) => {
  const s = new InboxSession({ serviceSessionId: id, visitorId: `v-${id}`, visitorNickname: `Visitor ${id}`, state: "Processing", createDatetime: `2026-01-01T08:${String(minute).padStart(2, "0")}:00Z` });
  s.loaded = true;
  return s;
};
const msg = (id: string, seq: number, minute: number): MessageEvent => ({
  serviceSessionId: id,
  messageId: `${id}-${seq}`,
  seq,
  from: "visitor",
  type: "txt",
  text: `hello from ${id}`,
  createDatetime: `2026-01-01T08:${String(minute).padStart(2, "0")}:00Z`,
});

describe("SessionList", () => {
  it("orders by last activity and moves only the row of a session with a new message", () => {
    const list = new SessionList(WORKSPACE_TEXTS.en, { select: () => {}, pick: () => {} }, () => "Any queue");
    document.body.append(list.el);
    const [a, b, c] = [session("a", 1), session("b", 2), session("c", 3)];
    for (const s of [a, b, c]) list.upsert(s);
    expect(list.order).toEqual(["c", "b", "a"]);

    const rowB = list.el.querySelector("[data-session-id=b]")!;
    const rowC = list.el.querySelector("[data-session-id=c]")!;
    const textsOfC = rowC.textContent;
    a.add(msg("a", 1, 10));
    list.upsert(a, true);
    expect(list.order).toEqual(["a", "c", "b"]);
    expect(list.el.querySelector("[data-session-id=b]")).toBe(rowB);
    expect(rowC.textContent).toBe(textsOfC);
    const rowA = list.el.querySelector("[data-session-id=a]") as HTMLElement;
    expect(rowA.dataset.unread).toBe("1");
    expect(rowA.textContent).toContain("hello from a");
    expect(list.totalUnread).toBe(1);
  });

  it("lists the waiting line with a pick button for each", () => {
    const picked: string[] = [];
    const list = new SessionList(WORKSPACE_TEXTS.en, { select: () => {}, pick: (id) => picked.push(id) }, (q) => (q === 7 ? "Sales" : "Any queue"));
    list.setWaiting([{ serviceSessionId: "w1", createDatetime: new Date().toISOString(), queueId: 7, visitorId: "0a1b2c3d-0000" }], 1);
    const item = list.el.querySelector("[data-kefu=waiting][data-session-id=w1]")!;
    expect(item.textContent).toContain("Visitor 0A1B");
    expect(item.textContent).toContain("Sales");
    (item.querySelector("[data-kefu=pick]") as HTMLButtonElement).click();
    expect(picked).toEqual(["w1"]);
  });
});

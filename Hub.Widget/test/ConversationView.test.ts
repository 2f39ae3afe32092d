import { describe, expect, it } from "vitest";
import type { MessageEvent } from "../src/shared/ChatMessage";
import { ConversationView } from "../src/workspace/ConversationView";
import { InboxSession } from "../src/workspace/InboxSession";
import { WORKSPACE_TEXTS } from "../src/workspace/texts";

const msg = (seq: number, text = `text ${seq}`): MessageEvent => ({
  serviceSessionId: "s1",
  messageId: `m${seq}`,
  seq,
  from: seq % 2 ? "visitor" : "agent",
  type: "txt",
  text,
  createDatetime: "2026-01-01T08:00:00Z",
});

function setup(count: number) {
  const session = new InboxSession({ serviceSessionId: "s1", visitorId: "v1", state: "Processing", createDatetime: "2026-01-01T08:00:00Z" });
  for (let seq = 1; seq <= count; seq++) session.add(msg(seq));
  const view = new ConversationView(session, { t: WORKSPACE_TEXTS.en, lang: "en", hubOrigin: "https://hub.example", retry: () => {} });
  return { session, view, seqs: () => Array.from(view.el.children, (e) => (e as HTMLElement).dataset.seq ?? `local:${(e as HTMLElement).dataset.state}`) };
}

describe("ConversationView", () => {
  it("appends a live message without touching the others", () => {
    const { session, view } = setup(200);
    const before = Array.from(view.el.children);
    view.added(session.add(msg(201)));
    const after = Array.from(view.el.children);
    expect(after).toHaveLength(201);
    expect(after.slice(0, 200).every((el, i) => el === before[i])).toBe(true);
  });

  it("places a gap's messages by seq", () => {
    const { session, view, seqs } = setup(2);
    view.added(session.add(msg(5)));
    view.added(session.add(msg(3)));
    view.added(session.add(msg(4)));
    expect(seqs()).toEqual(["1", "2", "3", "4", "5"]);
  });

  it("keeps unsent messages after the stored ones, and puts an acknowledged one in seq place", () => {
    const { session, view, seqs } = setup(1);
    const local = { clientMessageId: "c1", from: "agent" as const, type: "txt" as const, text: "mine", state: "sending" as const };
    session.addLocal(local);
    view.local(local);
    view.added(session.add(msg(2, "visitor while I type")));
    expect(seqs()).toEqual(["1", "2", "local:sending"]);
    const stored = session.acked("c1", { messageId: "m3", seq: 3, createDatetime: "2026-01-01T08:01:00Z" })!;
    view.acked("c1", stored);
    expect(seqs()).toEqual(["1", "2", "3"]);
    expect(view.el.querySelector("[data-seq='3']")?.getAttribute("data-state")).toBe("sent");
  });

  it("sets message text as text, never as markup", () => {
    const { session, view } = setup(0);
    view.added(session.add(msg(1, `<img src=x onerror="alert(1)"> see https://example.com/a?b=1 and javascript:alert(2)`)));
    const bubble = view.el.querySelector(".bubble")!;
    expect(bubble.querySelector("img")).toBeNull();
    expect(Array.from(bubble.querySelectorAll("a"), (a) => a.getAttribute("href"))).toEqual(["https://example.com/a?b=1"]);
    expect(bubble.textContent).toContain(`<img src=x onerror="alert(1)">`);
  });
});

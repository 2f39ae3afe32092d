import { describe, expect, it } from "vitest";
import type { QuickReply } from "../src/workspace/AgentApi";
import { QuickReplyBook, searchReplies, sortReplies, type QuickReplySource } from "../src/workspace/QuickReplyBook";

const reply = (id: number, group: string, text: string, personal = false): QuickReply => ({ id, group, text, personal });

/** A hub that keeps the replies and counts the reads. */
function fakeHub(initial: QuickReply[] | null) {
  let replies = initial ? [...initial] : null;
  let nextId = 100;
  const calls = { list: 0 };
  const source: QuickReplySource = {
    list: async () => {
      calls.list++;
      return replies && [...replies];
    },
    create: async (group, text) => {
      const r = reply(nextId++, group, text, true);
      replies = [...(replies ?? []), r];
      return r;
    },
    update: async (id, group, text) => {
      const r = { ...replies!.find((x) => x.id === id)!, group, text };
      replies = replies!.map((x) => (x.id === id ? r : x));
      return r;
    },
    remove: async (id) => {
      replies = replies!.filter((x) => x.id !== id);
    },
  };
  return { source, calls, stored: () => replies };
}

describe("searchReplies", () => {
  const all = [reply(1, "Shipping", "Your parcel left today."), reply(2, "", "Thanks for WAITING", true), reply(3, "Refunds", "Refunds take 5 days.", true)];

  it("keeps replies whose group or text contains the query, ignoring case, personal and team alike", () => {
    expect(searchReplies(all, "waiting").map((r) => r.id)).toEqual([2]);
    expect(searchReplies(all, "SHIP").map((r) => r.id)).toEqual([1]);
    expect(searchReplies(all, "refund").map((r) => r.id)).toEqual([3]);
    expect(searchReplies(all, "  ").map((r) => r.id)).toEqual([1, 2, 3]);
    expect(searchReplies(all, "", 2).map((r) => r.id)).toEqual([1, 2]);
    expect(searchReplies(all, "nothing like this")).toEqual([]);
  });

  it("orders as the hub does: by group, then id", () => {
    expect(sortReplies([reply(5, "b", "x"), reply(2, "a", "x"), reply(9, "", "x"), reply(1, "b", "x")]).map((r) => r.id)).toEqual([9, 2, 1, 5]);
  });
});

describe("QuickReplyBook", () => {
  it("reads the hub once, then again only when asked for fresh replies", async () => {
    const hub = fakeHub([reply(1, "", "Hello")]);
    const book = new QuickReplyBook(hub.source);
    const [a, b] = await Promise.all([book.all(), book.all()]);
    expect(a).toEqual(b);
    expect(await book.all()).toHaveLength(1);
    expect(hub.calls.list).toBe(1);
    await book.all(true);
    expect(hub.calls.list).toBe(2);
  });

  it("keeps the agent's own changes in its list, in the hub's order, personal apart from the team's", async () => {
    const hub = fakeHub([reply(1, "Shipping", "Parcel left"), reply(2, "Greetings", "Hi!", true)]);
    const book = new QuickReplyBook(hub.source);
    await book.all();
    const added = await book.add("  Billing ", " Invoice sent ");
    expect(added).toMatchObject({ group: "Billing", text: "Invoice sent", personal: true });
    expect((await book.all())!.map((r) => r.id)).toEqual([added.id, 2, 1]);
    expect(book.personal.map((r) => r.id)).toEqual([added.id, 2]);
    expect(book.shared.map((r) => r.id)).toEqual([1]);

    await book.edit(2, "Welcome", "Hello there!");
    expect(book.personal.find((r) => r.id === 2)).toMatchObject({ group: "Welcome", text: "Hello there!" });
    expect(book.personal.map((r) => r.id)).toEqual([added.id, 2]);

    await book.remove(added.id);
    expect(book.personal.map((r) => r.id)).toEqual([2]);
    expect(hub.stored()!.map((r) => r.id)).toEqual([1, 2]);
    expect(hub.calls.list).toBe(1);
  });

  it("says null when the hub has no quick replies, and keeps a failed change out of the list", async () => {
    expect(await new QuickReplyBook(fakeHub(null).source).all()).toBeNull();
    const hub = fakeHub([reply(1, "", "Hi", true)]);
    const book = new QuickReplyBook({ ...hub.source, update: async () => Promise.reject(new Error("404")) });
    await book.all();
    await expect(book.edit(1, "", "Changed")).rejects.toThrow("404");
    expect(book.personal[0].text).toBe("Hi");
  });
});

import { describe, expect, it } from "vitest";
import { Outbox, type OutgoingMessage, type SendAck } from "../src/shared/Outbox";

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe("Outbox", () => {
  it("sends in order, one at a time, only while online", async () => {
    const sent: string[] = [];
    const calls: ReturnType<typeof deferred<SendAck>>[] = [];
    const outbox = new Outbox({
      send: (m) => {
        sent.push(m.clientMessageId);
        const d = deferred<SendAck>();
        calls.push(d);
        return d.promise;
      },
      isTransient: () => true,
      onAck: () => {},
      onFail: () => {},
    });
    outbox.enqueue({ clientMessageId: "a", type: "txt" });
    outbox.enqueue({ clientMessageId: "b", type: "txt" });
    await flush();
    expect(sent).toEqual([]);
    outbox.setOnline(true);
    await flush();
    expect(sent).toEqual(["a"]);
    calls[0].resolve({ messageId: "1", seq: 1, createDatetime: "" });
    await flush();
    expect(sent).toEqual(["a", "b"]);
  });

  it("resends an unacknowledged message with the same clientMessageId after a reconnect, before newer ones", async () => {
    const sent: string[] = [];
    const acked: string[] = [];
    let online = true;
    const outbox = new Outbox({
      send: async (m: OutgoingMessage) => {
        sent.push(m.clientMessageId);
        if (!online) throw new Error("Invocation canceled due to the underlying connection being closed.");
        return { messageId: m.clientMessageId, seq: sent.length, createDatetime: "" };
      },
      isTransient: () => !online,
      onAck: (m) => acked.push(m.clientMessageId),
      onFail: () => {},
    });
    outbox.setOnline(true);
    online = false;
    outbox.enqueue({ clientMessageId: "a", type: "txt" });
    await flush();
    outbox.enqueue({ clientMessageId: "b", type: "txt" });
    await flush();
    expect(acked).toEqual([]);
    online = true;
    outbox.setOnline(true);
    await flush();
    await flush();
    expect(acked).toEqual(["a", "b"]);
    expect(sent).toEqual(["a", "a", "b"]);
  });

  it("drops a message the hub refuses and goes on with the next", async () => {
    const failed: string[] = [];
    const acked: string[] = [];
    const outbox = new Outbox({
      send: async (m) => {
        if (m.clientMessageId === "bad") throw new Error("HubException: text is too long");
        return { messageId: "x", seq: 1, createDatetime: "" };
      },
      isTransient: () => false,
      onAck: (m) => acked.push(m.clientMessageId),
      onFail: (m) => failed.push(m.clientMessageId),
    });
    outbox.setOnline(true);
    outbox.enqueue({ clientMessageId: "bad", type: "txt" });
    outbox.enqueue({ clientMessageId: "good", type: "txt" });
    await flush();
    await flush();
    expect(failed).toEqual(["bad"]);
    expect(acked).toEqual(["good"]);
  });
});

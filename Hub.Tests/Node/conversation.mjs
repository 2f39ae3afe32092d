// A full conversation against a running KefuHub with the official JS client (@microsoft/signalr).
//
//   node conversation.mjs <baseUrl> <agentUsername> <agentPassword> [tenantId] [json|messagepack]
//   (or KEFU_URL, KEFU_AGENT_USERNAME, KEFU_AGENT_PASSWORD, KEFU_TENANT_ID, KEFU_PROTOCOL)
//   KEFU_AGENT_URL: another node of the same deployment for the agent (login and hub); default baseUrl.
//
// The agent must exist and be allowed to take sessions. Every step asserts with node:assert and
// waits at most STEP_TIMEOUT_MS. On failure: "FAIL <step>: <reason>" on stderr, exit code 1.
// On success: one JSON summary line on stdout, exit code 0. Nothing else is written to stdout.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import * as signalR from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";

const STEP_TIMEOUT_MS = 10_000;

const [argUrl, argUser, argPassword, argTenant, argProtocol] = process.argv.slice(2);
const baseUrl = argUrl ?? process.env.KEFU_URL;
const agentUsername = argUser ?? process.env.KEFU_AGENT_USERNAME;
const agentPassword = argPassword ?? process.env.KEFU_AGENT_PASSWORD;
const tenantId = argTenant ?? process.env.KEFU_TENANT_ID ?? "1";
const protocol = argProtocol ?? process.env.KEFU_PROTOCOL ?? "json";
if (protocol !== "json" && protocol !== "messagepack") {
  console.error(`unknown protocol '${protocol}': json or messagepack`);
  process.exit(2);
}
if (!baseUrl || !agentUsername || !agentPassword) {
  console.error("usage: node conversation.mjs <baseUrl> <agentUsername> <agentPassword> [tenantId]");
  process.exit(2);
}

const under = (base, path) => new URL(path, base.endsWith("/") ? base : base + "/").toString();
const url = (path) => under(baseUrl, path);
const agentUrl = (path) => under(process.env.KEFU_AGENT_URL ?? baseUrl, path);

let currentStep = "setup";
const connections = [];

/** Rejects after the step timeout, naming what was awaited. */
function within(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${STEP_TIMEOUT_MS} ms waiting for ${what}`)), STEP_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function step(name, body) {
  currentStep = name;
  return await body();
}

/** Buffers one connection's events by name; next() takes the first buffered or future event that matches. */
class EventRecorder {
  constructor(label, connection, names) {
    this.label = label;
    this.events = new Map(names.map((n) => [n, []]));
    this.waiters = [];
    for (const name of names) {
      connection.on(name, (payload) => this.#receive(name, payload));
    }
  }

  #receive(name, payload) {
    const waiter = this.waiters.find((w) => w.name === name && w.predicate(payload));
    if (waiter) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(payload);
    } else {
      this.events.get(name).push(payload);
    }
  }

  next(name, predicate = () => true, description = "") {
    const buffered = this.events.get(name);
    const index = buffered.findIndex(predicate);
    if (index >= 0) {
      return Promise.resolve(buffered.splice(index, 1)[0]);
    }
    const waiter = { name, predicate };
    const promise = new Promise((resolve) => { waiter.resolve = resolve; });
    this.waiters.push(waiter);
    return within(promise, `${this.label} '${name}' event${description ? " " + description : ""}`).finally(() => {
      const i = this.waiters.indexOf(waiter);
      if (i >= 0) this.waiters.splice(i, 1);
    });
  }
}

const visitorEvents = ["queuePosition", "sessionState", "message", "typing", "ratingRequested"];
const agentEvents = ["sessionAssigned", "message", "typing", "sessionState", "queueChanged", "leaveMessage", "agentState"];

function connect(label, hubUrl, options, events) {
  const builder = new signalR.HubConnectionBuilder()
    .withUrl(hubUrl, options)
    .configureLogging(signalR.LogLevel.Warning);
  const connection = (protocol === "messagepack" ? builder.withHubProtocol(new MessagePackHubProtocol()) : builder).build();
  connections.push(connection);
  return { connection, events: new EventRecorder(label, connection, events) };
}

async function postJson(path, body, at = url) {
  const response = await within(fetch(at(path), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  }), `POST ${path}`);
  const text = await response.text();
  assert.equal(response.status, 200, `POST ${path}: HTTP ${response.status} ${text}`);
  const json = JSON.parse(text);
  assert.equal(json.status, "OK", `POST ${path}: ${text}`);
  assert.ok(json.entity, `POST ${path}: no entity in ${text}`);
  return json.entity;
}

const invoke = (connection, label, method, ...args) =>
  within(connection.invoke(method, ...args), `${label} ${method}`);

function text(serviceSessionId, body, clientMessageId = randomUUID()) {
  return { serviceSessionId, clientMessageId, type: "txt", text: body };
}

function assertSendResult(result, what) {
  assert.equal(typeof result?.messageId, "string", `${what}: messageId in ${JSON.stringify(result)}`);
  assert.ok(result.messageId.length > 0, `${what}: empty messageId`);
  assert.equal(typeof result.seq, "number", `${what}: seq in ${JSON.stringify(result)}`);
  assert.ok(!Number.isNaN(Date.parse(result.createDatetime)), `${what}: createDatetime in ${JSON.stringify(result)}`);
}

async function run() {
  const visitor = await step("create visitor (REST)", () => postJson(`api/tenants/${tenantId}/visitors`, { nickname: "node" }));
  assert.equal(typeof visitor.visitorId, "string", `visitorId in ${JSON.stringify(visitor)}`);
  assert.equal(typeof visitor.token, "string", `token in ${JSON.stringify(visitor)}`);

  const login = await step("agent login (REST)", () =>
    postJson(`api/tenants/${tenantId}/agents/token`, { username: agentUsername, password: agentPassword }, agentUrl));
  assert.equal(typeof login.accessToken, "string", `accessToken in ${JSON.stringify(login)}`);

  // Agent: negotiate, then whatever transport the client picks (Authorization: Bearer on every request).
  const agent = connect("agent", agentUrl("hubs/agent"), { accessTokenFactory: () => login.accessToken }, agentEvents);
  // Visitor: negotiate as well.
  const v = connect("visitor", url("hubs/visitor"), { accessTokenFactory: () => visitor.token }, visitorEvents);
  // The visitor's second tab, as a browser connects: WebSockets without negotiate, the token in the
  // access_token query. (In Node the client sends accessTokenFactory's token as a header even with
  // skipNegotiation, so the query string is written here to cover the server's query path.)
  const tab = connect("visitor tab (access_token query)",
    url(`hubs/visitor?access_token=${encodeURIComponent(visitor.token)}`),
    { skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets },
    visitorEvents);

  await step("agent connects (negotiate)", () => within(agent.connection.start(), "agent start"));
  await step("agent SetState Online", () => invoke(agent.connection, "agent", "SetState", { state: "Online" }));
  await step("visitor connects (negotiate)", () => within(v.connection.start(), "visitor start"));
  await step("visitor tab connects (skipNegotiation, WebSockets, access_token query)", () => within(tab.connection.start(), "visitor tab start"));

  const started = await step("visitor StartSession", () => invoke(v.connection, "visitor", "StartSession", { text: "hello from node" }));
  assert.equal(started?.state, "Processing", `StartSession returned ${JSON.stringify(started)}`);
  const id = started.serviceSessionId;
  assert.equal(typeof id, "string", `serviceSessionId in ${JSON.stringify(started)}`);
  assert.equal(typeof started.agent?.nicename, "string", `agent.nicename in ${JSON.stringify(started)}`);

  await step("agent receives sessionAssigned", async () => {
    const assigned = await agent.events.next("sessionAssigned", (e) => e?.session?.serviceSessionId === id, `for ${id}`);
    assert.equal(assigned.session.visitorId, visitor.visitorId, `sessionAssigned ${JSON.stringify(assigned)}`);
  });
  const seen = [];
  await step("agent receives the first message", async () => {
    const first = await agent.events.next("message", (m) => m?.serviceSessionId === id && m.from === "visitor", `from the visitor in ${id}`);
    assert.equal(first.text, "hello from node", `message ${JSON.stringify(first)}`);
    assert.equal(first.type, "txt", `message ${JSON.stringify(first)}`);
    seen.push(first.seq);
  });

  const sent = await step("visitor SendMessage", () => invoke(v.connection, "visitor", "SendMessage", text(id, "order 42 from node")));
  assertSendResult(sent, "visitor SendMessage");
  seen.push(sent.seq);
  await step("agent receives the message with the same seq", async () => {
    const atAgent = await agent.events.next("message", (m) => m?.seq === sent.seq, `seq ${sent.seq}`);
    assert.deepEqual(
      { serviceSessionId: atAgent.serviceSessionId, messageId: atAgent.messageId, from: atAgent.from, type: atAgent.type, text: atAgent.text },
      { serviceSessionId: id, messageId: sent.messageId, from: "visitor", type: "txt", text: "order 42 from node" });
  });

  const reply = await step("agent SendMessage (reply)", () => invoke(agent.connection, "agent", "SendMessage", text(id, "refunded, from node")));
  assertSendResult(reply, "agent SendMessage");
  assert.ok(reply.seq > sent.seq, `reply seq ${reply.seq} after ${sent.seq}`);
  seen.push(reply.seq);
  for (const [label, side] of [["visitor", v], ["visitor tab", tab]]) {
    await step(`${label} receives the reply`, async () => {
      const atVisitor = await side.events.next("message", (m) => m?.seq === reply.seq, `seq ${reply.seq}`);
      assert.deepEqual(
        { serviceSessionId: atVisitor.serviceSessionId, messageId: atVisitor.messageId, from: atVisitor.from, text: atVisitor.text },
        { serviceSessionId: id, messageId: reply.messageId, from: "agent", text: "refunded, from node" });
    });
  }

  await step("agent Typing -> visitor typing", async () => {
    await invoke(agent.connection, "agent", "Typing", { serviceSessionId: id, typing: true });
    const typing = await v.events.next("typing", (t) => t?.serviceSessionId === id, `for ${id}`);
    assert.equal(typing.typing, true, `typing ${JSON.stringify(typing)}`);
  });
  await step("visitor Typing -> agent typing", async () => {
    await invoke(v.connection, "visitor", "Typing", { serviceSessionId: id, typing: true });
    const typing = await agent.events.next("typing", (t) => t?.serviceSessionId === id, `for ${id}`);
    assert.equal(typing.typing, true, `typing ${JSON.stringify(typing)}`);
  });

  await step("the same clientMessageId twice returns the same seq", async () => {
    const once = text(id, "once from node");
    const first = await invoke(v.connection, "visitor", "SendMessage", once);
    const second = await invoke(tab.connection, "visitor tab", "SendMessage", once);
    assertSendResult(first, "SendMessage once");
    assert.deepEqual(second, first);
    seen.push(first.seq);
  });

  await step("agent GetWorkspace lists the session", async () => {
    const workspace = await invoke(agent.connection, "agent", "GetWorkspace");
    assert.equal(workspace?.agent?.username, agentUsername, `workspace ${JSON.stringify(workspace)}`);
    assert.equal(workspace.state, "Online", `workspace ${JSON.stringify(workspace)}`);
    const session = workspace.sessions?.find((s) => s.serviceSessionId === id);
    assert.ok(session, `session ${id} not in workspace ${JSON.stringify(workspace)}`);
    assert.equal(session.state, "Processing", `session ${JSON.stringify(session)}`);
    assert.equal(typeof workspace.waiting?.count, "number", `waiting in ${JSON.stringify(workspace)}`);
  });

  await step("agent Close -> visitor sessionState Terminal", async () => {
    await invoke(agent.connection, "agent", "Close", { serviceSessionId: id, comment: "solved from node" });
    const state = await v.events.next("sessionState", (s) => s?.serviceSessionId === id && s.state !== "Processing", `leaving Processing for ${id}`);
    assert.equal(state.state, "Terminal", `sessionState ${JSON.stringify(state)}`);
  });

  const history = await step("visitor GetMessages returns every message in seq order", async () => {
    const messages = await invoke(v.connection, "visitor", "GetMessages", { serviceSessionId: id, afterSeq: 0 });
    assert.ok(Array.isArray(messages), `GetMessages returned ${JSON.stringify(messages)}`);
    const seqs = messages.map((m) => m.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), `seqs out of order: ${seqs}`);
    assert.equal(new Set(seqs).size, seqs.length, `duplicate seqs: ${seqs}`);
    for (const s of seen) assert.ok(seqs.includes(s), `seq ${s} missing from ${seqs}`);
    const conversation = messages.filter((m) => m.from !== "system").map((m) => [m.from, m.text]);
    assert.deepEqual(conversation, [
      ["visitor", "hello from node"],
      ["visitor", "order 42 from node"],
      ["agent", "refunded, from node"],
      ["visitor", "once from node"],
    ]);
    assert.ok(messages.every((m) => m.serviceSessionId === id && typeof m.messageId === "string" && !Number.isNaN(Date.parse(m.createDatetime))),
      `message fields in ${JSON.stringify(messages)}`);
    return messages;
  });

  await step("a made-up session id is refused with 'was not found'", async () => {
    const madeUp = "no-such-session-" + randomUUID();
    await assert.rejects(invoke(v.connection, "visitor", "SendMessage", text(madeUp, "lost")), (error) => {
      assert.match(String(error?.message), /was not found/, `error: ${error?.message}`);
      return true;
    });
  });

  return {
    ok: true,
    // The client keeps its protocol in a TypeScript-private field; read it to prove which one spoke.
    protocol: agent.connection._protocol?.name ?? null,
    serviceSessionId: id,
    visitorId: visitor.visitorId,
    messages: history.length,
    seqs: history.map((m) => m.seq),
    transports: {
      agent: agent.connection.connection?.transport?.constructor?.name ?? null,
      visitor: v.connection.connection?.transport?.constructor?.name ?? null,
      visitorTab: tab.connection.connection?.transport?.constructor?.name ?? null,
    },
  };
}

let exitCode = 0;
try {
  const summary = await run();
  console.log(JSON.stringify(summary));
} catch (error) {
  exitCode = 1;
  console.error(`FAIL ${currentStep}: ${error?.stack ?? error}`);
} finally {
  await Promise.allSettled(connections.map((c) => within(c.stop(), "stop")));
}
process.exit(exitCode);

import { h } from "../../shared/dom";
import { format } from "../../shared/i18n";
import type { ConsoleTexts } from "../texts";
import { button, cell, emptyState, errorText, formatClock, formatDuration, pageHeader, Poller, select, statePill, table, withProgress, type PageContext, type PageHandle } from "../ui";

interface MonitorAgent {
  username: string;
  nicename: string;
  enabled: boolean;
  state: string;
  maxServiceSessionCount: number;
  currentSessionCount: number;
  queueIds: number[];
}

interface MonitorQueue {
  queueId: number | null;
  queueName: string | null;
  waitingCount: number;
  oldestCreateDatetime: string | null;
  members: number;
  onlineMembers: number;
  freeSlots: number;
}

interface Monitor {
  now: string;
  agents: MonitorAgent[];
  queues: MonitorQueue[];
  waitingCount: number;
  waiting: { serviceSessionId: string; visitorId: string; visitorNickname: string | null; queueId: number | null; specifiedAgent: string | null; createDatetime: string }[];
}

const STATES = ["Online", "Busy", "Leave", "Hidden", "Offline"];
const REFRESH_MS = 3000;

/** Agents (state, load against maximum) and every queue's waiting line, as routing holds them now. */
export function monitorPage(ctx: PageContext): PageHandle {
  const { t, api, lang } = ctx;
  const status = h("p", { class: "live-status" });
  const refresh = button(t.refresh, { icon: "refresh", small: true });
  const error = h("div", { class: "banner banner-error", role: "alert", hidden: true });
  const stats = h("div", { class: "stats" });
  const queues = h("div", { class: "queue-grid" });
  const waiting = h("div");
  const agents = h("div");
  const stateFilter = select([["", t.allStates], ...STATES.map((s): [string, string] => [s, stateName(t, s)])], "", { "aria-label": t.state, class: "input input-compact" });
  const el = h(
    "div",
    { class: "page", "data-kefu": "monitor" },
    pageHeader(t.monitor, t.monitorIntro, status, refresh),
    error,
    stats,
    h("section", { class: "section" }, h("h2", { class: "section-title" }, t.queueLines), queues),
    h("div", { class: "grid-2 grid-monitor" },
      h("section", { class: "card" }, h("div", { class: "card-head" }, h("h2", { class: "card-title" }, t.waitingSessions)), waiting),
      h("section", { class: "card" }, h("div", { class: "card-head" }, h("h2", { class: "card-title" }, t.agents), stateFilter), agents),
    ),
  );
  let last: Monitor | null = null;
  // Waiting times count from the server's clock, ticking locally between refreshes.
  let skew = 0;
  const since = (iso: string) => formatDuration((Date.now() + skew - new Date(iso).getTime()) / 1000, lang);
  const tick = () => el.querySelectorAll<HTMLElement>("[data-since]").forEach((e) => (e.textContent = since(e.dataset.since!)));
  const ticker = window.setInterval(tick, 1000);

  const render = (m: Monitor) => {
    const queueName = new Map(m.queues.filter((q) => q.queueId !== null).map((q) => [q.queueId!, q.queueName ?? ""]));
    const online = m.agents.filter((a) => a.enabled && a.state === "Online");
    const oldest = m.waiting[0]?.createDatetime;
    stats.replaceChildren(
      stat(t.waitingNow, String(m.waitingCount), m.waitingCount > 0 ? "amber" : "plain"),
      stat(t.longestWait, oldest ? since(oldest) : "–", "plain", oldest),
      stat(t.agentsOnline, `${online.length} / ${m.agents.filter((a) => a.enabled).length}`, online.length > 0 ? "green" : "plain"),
      stat(t.freeSlots, String(online.reduce((s, a) => s + Math.max(0, a.maxServiceSessionCount - a.currentSessionCount), 0)), "plain"),
    );

    queues.replaceChildren(
      ...m.queues.map((q) => {
        const blocked = q.waitingCount > 0 && q.freeSlots === 0;
        return h(
          "article",
          { class: `queue-card${blocked ? " queue-blocked" : q.waitingCount > 0 ? " queue-busy" : ""}`, "data-queue-id": q.queueId ?? "" },
          h("div", { class: "queue-card-head" }, h("h3", {}, q.queueName ?? t.noQueue), q.queueId !== null ? h("span", { class: "muted small" }, format(t.queueId, { id: q.queueId })) : null),
          h("p", { class: "queue-count" }, h("b", { "data-waiting": q.queueId ?? "none" }, String(q.waitingCount)), h("span", {}, t.inLine)),
          h("p", { class: "queue-line" }, q.oldestCreateDatetime ? h("span", {}, `${t.longestWait}${t.colon}`, h("span", { "data-since": q.oldestCreateDatetime, class: "tabular" }, since(q.oldestCreateDatetime))) : h("span", { class: "muted" }, t.nobodyWaiting)),
          h("p", { class: "queue-line muted" }, format(t.membersOnline, { online: q.onlineMembers, total: q.members }), " · ", `${t.freeSlots} ${q.freeSlots}`),
          blocked ? h("p", { class: "queue-alert" }, t.noCapacity) : null,
        );
      }),
    );

    waiting.replaceChildren(
      m.waiting.length === 0
        ? emptyState(t.noWaiting, "hourglass")
        : table(
            [t.visitor, t.queue, t.specifiedAgent, t.waited],
            m.waiting.map((w) =>
              h(
                "tr",
                { "data-session-id": w.serviceSessionId },
                cell(h("span", { class: "strong" }, w.visitorNickname || format(t.anonymous, { id: w.visitorId.slice(0, 8) }))),
                cell(w.queueId !== null ? queueName.get(w.queueId) ?? String(w.queueId) : t.noQueue),
                cell(w.specifiedAgent ?? "–"),
                cell(h("span", { "data-since": w.createDatetime, class: "tabular" }, since(w.createDatetime))),
              ),
            ),
            t.waitingSessions,
          ),
    );
    renderAgents(m, queueName);
  };

  const renderAgents = (m: Monitor, queueName: Map<number, string>) => {
    const filter = stateFilter.value;
    const order = (a: MonitorAgent) => (a.enabled ? STATES.indexOf(a.state) : STATES.length);
    const rows = m.agents
      .filter((a) => !filter || (a.enabled && a.state === filter))
      .sort((a, b) => order(a) - order(b) || (a.nicename || a.username).localeCompare(b.nicename || b.username, lang));
    agents.replaceChildren(
      rows.length === 0
        ? emptyState(t.noAgents, "agents")
        : table(
            [t.agent, t.state, t.load, t.queuesOfAgent],
            rows.map((a) =>
              h(
                "tr",
                { "data-agent": a.username },
                cell(h("span", { class: "strong" }, a.nicename), h("br"), h("span", { class: "muted small" }, a.username)),
                cell(statePill(t, a.state, a.enabled)),
                cell(meter(t, a)),
                cell(a.queueIds.map((id) => queueName.get(id) ?? String(id)).join(", ") || "–"),
              ),
            ),
            t.agents,
          ),
    );
  };
  stateFilter.addEventListener("change", () => last && renderAgents(last, new Map(last.queues.filter((q) => q.queueId !== null).map((q) => [q.queueId!, q.queueName ?? ""]))));

  const poller = new Poller(async () => {
    try {
      const m = (await api.get("/monitor")).entity as Monitor;
      skew = new Date(m.now).getTime() - Date.now();
      last = m;
      render(m);
      error.hidden = true;
      status.replaceChildren(h("i", { class: "live-dot", "aria-hidden": "true" }), format(t.updatedAt, { time: formatClock(new Date(), lang) }));
      el.dataset.loaded = "true";
    } catch (failure) {
      error.textContent = errorText(t, failure);
      error.hidden = false;
      status.textContent = t.paused;
    }
  }, REFRESH_MS);
  refresh.addEventListener("click", () => void withProgress(refresh, null, () => poller.now()));
  void poller.now();
  return {
    el,
    dispose: () => {
      poller.stop();
      window.clearInterval(ticker);
    },
  };
}

function stat(label: string, value: string, tone: string, since?: string): HTMLElement {
  const v = h("p", { class: "stat-value tabular" }, value);
  if (since) v.dataset.since = since;
  return h("div", { class: `stat stat-${tone}` }, h("p", { class: "stat-label" }, label), v);
}

function stateName(t: ConsoleTexts, state: string): string {
  return (t as Record<string, string>)[`state${state}`] ?? state;
}

/** Load against maximum as a meter: full is red, most is amber. */
function meter(t: ConsoleTexts, a: MonitorAgent): HTMLElement {
  const max = a.maxServiceSessionCount;
  const ratio = max === 0 ? 1 : Math.min(1, a.currentSessionCount / max);
  const bar = h("span", { class: "meter-bar" });
  bar.style.width = `${Math.round(ratio * 100)}%`;
  const label = format(t.loadOf, { current: a.currentSessionCount, max });
  return h(
    "div",
    { class: "meter-wrap" },
    h("span", { class: `meter${ratio >= 1 ? " meter-full" : ratio >= 0.75 ? " meter-high" : ""}`, role: "meter", "aria-valuemin": 0, "aria-valuemax": max, "aria-valuenow": a.currentSessionCount, "aria-label": `${t.load} ${a.nicename}` }, bar),
    h("span", { class: "meter-text tabular" }, label),
  );
}

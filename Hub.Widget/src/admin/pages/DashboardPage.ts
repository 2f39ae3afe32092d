import { h } from "../../shared/dom";
import { format } from "../../shared/i18n";
import { barChart, trendChart, type DailyPoint } from "../charts";
import type { ConsoleTexts } from "../texts";
import { button, errorText, formatClock, pageHeader, Poller, svgIcon, withProgress, type IconName, type PageContext, type PageHandle } from "../ui";

interface Dashboard {
  timeZone: string;
  date: string;
  todayNewSessions: number;
  processingSessions: number;
  onlineAgents: number;
  todayMessages: number;
  dailySessions: DailyPoint[];
  dailyMessages: DailyPoint[];
  agentSessionsToday: { username: string; nicename: string; count: number }[];
}

type Metric = "todayNewSessions" | "processingSessions" | "onlineAgents" | "todayMessages";

const METRICS: { key: Metric; hint: keyof ConsoleTexts; icon: IconName; tone: string }[] = [
  { key: "todayNewSessions", hint: "todayNewSessionsHint", icon: "chat", tone: "blue" },
  { key: "processingSessions", hint: "processingSessionsHint", icon: "hourglass", tone: "amber" },
  { key: "onlineAgents", hint: "onlineAgentsHint", icon: "agents", tone: "green" },
  { key: "todayMessages", hint: "todayMessagesHint", icon: "mail", tone: "violet" },
];

const MAX_BARS = 12;
const REFRESH_MS = 5000;

/** Seed 000 section 2: today's four figures, the 30-day trends and today's sessions per agent, refreshed every 5 s. */
export function dashboardPage(ctx: PageContext): PageHandle {
  const { t, api, lang } = ctx;
  const status = h("p", { class: "live-status", "aria-live": "off" });
  const intro = h("p", { class: "page-intro" });
  const refresh = button(t.refresh, { icon: "refresh", small: true });
  const head = pageHeader(t.dashboard, null, status, refresh);
  head.querySelector(".page-titles")!.append(intro);
  const values = new Map<Metric, HTMLElement>();
  const cards = h(
    "div",
    { class: "metrics" },
    ...METRICS.map((m) => {
      const value = h("p", { class: "metric-value", "data-kefu": "metric", "data-metric": m.key }, "–");
      values.set(m.key, value);
      return h(
        "section",
        { class: `metric metric-${m.tone}` },
        h("div", { class: "metric-top" }, h("h2", { class: "metric-label" }, t[m.key]), h("span", { class: "metric-icon", "aria-hidden": "true" }, svgIcon(m.icon, 20))),
        value,
        h("p", { class: "metric-hint" }, t[m.hint]),
      );
    }),
  );
  const sessions = trendChart(t.sessionsTrend, "blue", lang);
  const messages = trendChart(t.messagesTrend, "violet", lang);
  const sessionsTotal = h("span", { class: "card-aside" });
  const messagesTotal = h("span", { class: "card-aside" });
  const perAgent = barChart(t.perAgentToday);
  const perAgentNote = h("p", { class: "muted small" });
  const error = h("div", { class: "banner banner-error", role: "alert", hidden: true });
  const el = h(
    "div",
    { class: "page", "data-kefu": "dashboard" },
    head,
    error,
    cards,
    h(
      "div",
      { class: "grid-2" },
      h("section", { class: "card" }, h("div", { class: "card-head" }, h("h2", { class: "card-title" }, t.sessionsTrend), sessionsTotal), sessions.el),
      h("section", { class: "card" }, h("div", { class: "card-head" }, h("h2", { class: "card-title" }, t.messagesTrend), messagesTotal), messages.el),
    ),
    h("section", { class: "card" }, h("div", { class: "card-head" }, h("h2", { class: "card-title" }, t.perAgentToday)), perAgent.el, perAgentNote),
  );

  const show = (d: Dashboard) => {
    for (const m of METRICS) values.get(m.key)!.textContent = String(d[m.key]);
    intro.textContent = format(t.dashboardIntro, { zone: d.timeZone, date: d.date });
    sessions.update(d.dailySessions);
    messages.update(d.dailyMessages);
    sessionsTotal.textContent = format(t.total30, { total: d.dailySessions.reduce((s, p) => s + p.count, 0) });
    messagesTotal.textContent = format(t.total30, { total: d.dailyMessages.reduce((s, p) => s + p.count, 0) });
    perAgent.update(d.agentSessionsToday.slice(0, MAX_BARS).map((a) => ({ label: a.nicename || a.username, sublabel: a.username, value: a.count })));
    const more = d.agentSessionsToday.length - MAX_BARS;
    perAgentNote.textContent = d.agentSessionsToday.length === 0 ? t.perAgentEmpty : more > 0 ? format(t.andMore, { n: more }) : "";
  };

  const poller = new Poller(async () => {
    try {
      show((await api.get("/dashboard")).entity as Dashboard);
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
  return { el, dispose: () => poller.stop() };
}

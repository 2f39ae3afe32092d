import { h } from "../../shared/dom";
import { format, type Lang } from "../../shared/i18n";
import type { Query } from "../AdminApi";
import type { ConsoleTexts } from "../texts";
import { showTranscript, type HistoryItem } from "../Transcript";
import {
  button, cell, emptyState, errorText, formatDuration, input, listAllAgents, load, nextId, pageHeader, pager, pill, select, table, withProgress, type AgentSummary, type PageContext,
  type PageHandle, type QueueSummary,
} from "../ui";

const STATES = ["Wait", "Processing", "Terminal", "Abort"] as const;
const ORIGINS = ["webim", "app", "weixin", "weibo", "phone"] as const;

/** Easemob's history query with every filter, paging, each session's transcript, and a CSV of the same filters. */
export function historyPage(ctx: PageContext): PageHandle {
  const { t, api, lang } = ctx;
  const results = h("div", { class: "card card-flush" });
  const filtersBox = h("div", { class: "card filters" }, h("p", { class: "muted" }, t.loading));
  const exportButton = button(t.exportCsv, { icon: "download", attrs: { "data-kefu": "history-export" } });
  const el = h("div", { class: "page", "data-kefu": "history" }, pageHeader(t.history, t.historyIntro, exportButton), filtersBox, results);
  let page = 1;
  let readQuery: () => Query = () => ({});
  let queues: QueueSummary[] = [];
  let agents: AgentSummary[] = [];

  const search = () =>
    load(ctx, results, async () => {
      const query = readQuery();
      const body = (await api.get("/serviceSessionHistorys", { ...query, page })).entity as { total_entries: number; items: HistoryItem[] };
      const perPage = Number(query.per_page);
      const pages = Math.max(1, Math.ceil(body.total_entries / perPage));
      if (body.items.length === 0) return emptyState(t.noSessions, "history");
      const queueName = new Map(queues.map((q) => [q.queueId, q.queueName]));
      return h(
        "div",
        {},
        table(
          [t.created, t.visitor, t.agent, t.queue, t.state, t.duration, t.rating, t.summary, t.messages, { label: t.actions, className: "col-actions" }],
          body.items.map((item) => {
            const visitor = item.visitorUser?.nicename || format(t.anonymous, { id: item.visitorUser?.userId?.slice(0, 8) ?? "" });
            const view = button(format(t.transcriptOf, { name: visitor }), { small: true, kind: "ghost", icon: "chat", iconOnly: true, attrs: { "data-action": "transcript" }, onClick: () => showTranscript(ctx, item, queueName) });
            return h(
              "tr",
              { "data-session-id": item.serviceSessionId },
              cell(h("span", { class: "nowrap tabular" }, item.createDatetime)),
              cell(h("span", { class: "strong" }, visitor), item.visitorUserTags ? h("br") : null, item.visitorUserTags ? h("span", { class: "muted small" }, item.visitorUserTags) : null),
              cell(item.agentUserNiceName ?? "–"),
              cell(item.queueId !== null ? queueName.get(item.queueId) ?? String(item.queueId) : "–"),
              cell(stateBadge(t, item.state), item.transfered ? h("span", { class: "muted small" }, ` ${t.transfered}`) : null),
              cell(h("span", { class: "tabular nowrap" }, duration(item, lang))),
              cell(item.enquirySummary ? h("span", { class: "stars", "aria-label": format(t.stars, { n: item.enquirySummary }) }, "★".repeat(Number(item.enquirySummary))) : h("span", { class: "muted" }, "–")),
              cell(item.summarysDetail ?? "–"),
              cell(h("span", { class: "tabular" }, String(item.messageSeqId))),
              h("td", { class: "col-actions" }, view),
            );
          }),
          t.history,
        ),
        pager(t, { page, pages, hasNext: page < pages, summary: body.total_entries === 1 ? t.oneSession : format(t.sessionsFound, { n: body.total_entries }) }, (p) => {
          page = p;
          void search();
        }),
      );
    });

  const buildFilters = () => {
    const ranges = {
      create: rangeInputs(t.createdRange),
      begin: rangeInputs(t.startedRange),
      stop: rangeInputs(t.stoppedRange),
    };
    const quick = (days: number) => {
      const from = new Date();
      from.setHours(0, 0, 0, 0);
      from.setDate(from.getDate() - days + 1);
      ranges.create.from.value = toLocalInput(from);
      ranges.create.to.value = "";
      page = 1;
      void search();
    };
    const states = checkGroup(t.states, STATES.map((s) => [s, stateName(t, s)]));
    const origins = checkGroup(t.channels, ORIGINS.map((o) => [o, o]));
    const customerName = input({ type: "search", maxlength: 100, name: "customerName", "aria-label": t.customerName, placeholder: t.customerName });
    const transfered = select([["", t.any], ["true", t.yes], ["false", t.no]], "", { name: "transfered" });
    const callback = select([["", t.any], ["true", t.yes], ["false", t.no]], "", { name: "fromAgentCallback" });
    const rating = select([["", t.any], ["0", t.notRated], ...[5, 4, 3, 2, 1].map((n): [string, string] => [String(n), format(t.stars, { n })])], "", { name: "enquirySummary" });
    const queuePicker = multiPicker(t, t.queue, t.allQueues, queues.map((q) => [String(q.queueId), q.queueName]));
    const agentPicker = multiPicker(t, t.agent, t.allAgents, agents.map((a) => [a.userId, `${a.nicename} (${a.username})`]));
    const sortField = select([["createDatetime", t.sortCreated], ["startDateTime", t.sortStarted], ["stopDateTime", t.sortStopped]], "createDatetime", { name: "sortField" });
    const sortOrder = select([["desc", t.newestFirst], ["asc", t.oldestFirst]], "desc", { name: "sortOrder" });
    const perPage = select([["10", "10"], ["20", "20"], ["50", "50"]], "20", { name: "per_page" });
    const labelled = (label: string, control: HTMLElement) => {
      control.id ||= nextId("h");
      return h("div", { class: "field" }, h("label", { for: control.id }, label), control);
    };
    readQuery = () => ({
      state: states.values(),
      originType: origins.values(),
      customerName: customerName.value.trim(),
      transfered: transfered.value,
      fromAgentCallback: callback.value,
      enquirySummary: rating.value,
      queueIds: queuePicker.values(),
      agentIds: agentPicker.values(),
      createDateFrom: iso(ranges.create.from.value),
      createDateTo: iso(ranges.create.to.value),
      beginDate: iso(ranges.begin.from.value),
      endDate: iso(ranges.begin.to.value),
      stopDateFrom: iso(ranges.stop.from.value),
      stopDateTo: iso(ranges.stop.to.value),
      sortField: sortField.value,
      sortOrder: sortOrder.value,
      per_page: perPage.value,
    });
    const submit = button(t.search, { kind: "primary", type: "submit", icon: "search", attrs: { "data-kefu": "history-search" } });
    const reset = button(t.reset, { kind: "ghost", type: "reset" });
    const form = h(
      "form",
      { class: "filter-form", novalidate: true, role: "search", "aria-label": t.filters },
      h("div", { class: "quick-ranges", role: "group", "aria-label": t.createdRange }, button(t.today, { small: true, onClick: () => quick(1) }), button(t.last7, { small: true, onClick: () => quick(7) }), button(t.last30, { small: true, onClick: () => quick(30) })),
      h("div", { class: "filter-grid" }, ranges.create.el, labelled(t.customerName, customerName), queuePicker.el, agentPicker.el, states.el, labelled(t.rating, rating)),
      h(
        "details",
        { class: "more-filters" },
        h("summary", {}, t.moreFilters),
        h("div", { class: "filter-grid" },
          ranges.begin.el, ranges.stop.el,
          origins.el, labelled(t.transfered, transfered), labelled(t.fromAgentCallback, callback),
          labelled(t.sortBy, sortField), labelled(t.sortOrder, sortOrder), labelled(t.perPage, perPage),
        ),
      ),
      h("div", { class: "filter-actions" }, reset, submit),
    );
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      page = 1;
      void withProgress(submit, null, search);
    });
    form.addEventListener("reset", () =>
      queueMicrotask(() => {
        queuePicker.clear();
        agentPicker.clear();
        page = 1;
        void search();
      }),
    );
    return form;
  };

  exportButton.addEventListener("click", () =>
    void withProgress(exportButton, format(t.exporting, { size: "" }), async () => {
      const label = exportButton.querySelector(".btn-label")!;
      try {
        const { per_page: _ignored, ...query } = readQuery();
        const file = await api.download("/serviceSessionHistorys/export", { ...query, lang }, (bytes) => (label.textContent = format(t.exporting, { size: `${Math.ceil(bytes / 1024)} KB` })));
        const total = Number(file.headers.get("X-Kefu-Total-Entries") ?? 0);
        const exported = Number(file.headers.get("X-Kefu-Exported-Entries") ?? 0);
        const href = URL.createObjectURL(file.blob);
        const a = h("a", { href, download: file.name, hidden: true });
        document.body.append(a);
        a.click();
        a.remove();
        window.setTimeout(() => URL.revokeObjectURL(href), 60_000);
        ctx.toast(exported < total ? format(t.exportedPart, { n: exported, total }) : format(t.exported, { n: exported }));
      } catch (failure) {
        ctx.toast(errorText(t, failure), "error");
      }
    }),
  );

  void load(ctx, filtersBox, async () => {
    [queues, agents] = await Promise.all([api.get("/queues").then((b) => b.entities as QueueSummary[]), listAllAgents(api)]);
    const form = buildFilters();
    void search();
    return form;
  });
  return { el };
}

function stateName(t: ConsoleTexts, state: string): string {
  return (t as Record<string, string>)[`state${state}`] ?? state;
}

function stateBadge(t: ConsoleTexts, state: string): HTMLElement {
  const tone = state === "Processing" ? "blue" : state === "Wait" ? "amber" : state === "Abort" ? "red" : "plain";
  return pill(stateName(t, state), tone);
}

/** From the start (taken by an agent) to the end, or to creation when it was never taken. */
function duration(item: HistoryItem, lang: Lang): string {
  const parse = (s: string | null) => (s ? Date.parse(`${s.replace(" ", "T")}Z`) : NaN);
  const from = parse(item.startDateTime ?? item.createDatetime);
  const to = parse(item.stopDateTime);
  return Number.isNaN(from) || Number.isNaN(to) ? "–" : formatDuration((to - from) / 1000, lang);
}

function iso(local: string): string | undefined {
  return local ? new Date(local).toISOString() : undefined;
}

function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function rangeInputs(label: string) {
  const from = input({ type: "datetime-local", "aria-label": `${label}: ≥` });
  const to = input({ type: "datetime-local", "aria-label": `${label}: ≤` });
  const el = h("fieldset", { class: "fieldset range" }, h("legend", {}, label), h("div", { class: "range-row" }, from, h("span", { "aria-hidden": "true" }, "–"), to));
  return { el, from, to };
}

function checkGroup(label: string, options: [string, string][]) {
  const boxes = options.map(([value, text]) => {
    const box = h("input", { type: "checkbox", value });
    return { box, el: h("label", { class: "check check-inline" }, box, h("span", {}, text)) };
  });
  return {
    el: h("fieldset", { class: "fieldset" }, h("legend", {}, label), h("div", { class: "check-row" }, ...boxes.map((b) => b.el))),
    values: () => boxes.filter((b) => b.box.checked).map((b) => b.box.value),
  };
}

/** Several values from a long list: a disclosure holding a filterable checkbox list. */
function multiPicker(t: ConsoleTexts, label: string, allLabel: string, options: [string, string][]) {
  const summary = h("summary", { class: "input picker-summary" }, allLabel);
  const boxes = options.map(([value, text]) => {
    const box = h("input", { type: "checkbox", value });
    return { box, text, el: h("label", { class: "check" }, box, h("span", {}, text)) };
  });
  const show = () => {
    const chosen = boxes.filter((b) => b.box.checked);
    summary.textContent = chosen.length === 0 ? allLabel : chosen.length <= 2 ? chosen.map((b) => b.text).join(", ") : format(t.selectedCount, { n: chosen.length });
  };
  boxes.forEach((b) => b.box.addEventListener("change", show));
  const id = nextId("p");
  const details = h("details", { class: "picker" }, summary, h("div", { class: "picker-list", role: "group", "aria-labelledby": id }, ...(boxes.length ? boxes.map((b) => b.el) : [h("p", { class: "muted small" }, t.none)])));
  return {
    el: h("div", { class: "field" }, h("span", { class: "label", id }, label), details),
    values: () => boxes.filter((b) => b.box.checked).map((b) => b.box.value),
    clear: () => {
      boxes.forEach((b) => (b.box.checked = false));
      show();
    },
  };
}

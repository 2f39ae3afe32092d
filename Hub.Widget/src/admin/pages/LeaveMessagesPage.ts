import { h } from "../../shared/dom";
import { format } from "../../shared/i18n";
import type { ConsoleTexts } from "../texts";
import { emptyState, errorText, formatDateTime, load, pageHeader, pager, select, type PageContext, type PageHandle, type QueueSummary } from "../ui";

interface LeaveMessage {
  leaveMessageId: number;
  visitorId: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  content: string;
  queueId: number | null;
  status: string;
  createDatetime: string;
  updateDatetime: string;
}

const STATUSES = ["Untreated", "Processing", "Resolved"] as const;
const PER_PAGE = 20;

/** Leave-a-message records, newest first, by status, each one's status changed in place. */
export function leaveMessagesPage(ctx: PageContext): PageHandle {
  const { t, api, lang } = ctx;
  let status = "";
  let page = 1;
  let queueName = new Map<number, string>();
  const tabs = h("div", { class: "tabs", role: "tablist", "aria-label": t.status });
  const list = h("div", { role: "tabpanel" });
  const el = h("div", { class: "page", "data-kefu": "leave-messages" }, pageHeader(t.leaveMessages, t.leaveIntro), tabs, list);
  const tabButtons = ["", ...STATUSES].map((value) => {
    const b = h("button", { type: "button", role: "tab", class: "tab", "data-status": value, "aria-selected": String(value === status), tabindex: value === status ? "0" : "-1" }, value ? statusName(t, value) : t.statusAll);
    b.addEventListener("click", () => choose(value));
    return b;
  });
  tabs.append(...tabButtons);
  tabs.addEventListener("keydown", (e) => {
    const i = tabButtons.findIndex((b) => b.dataset.status === status);
    const next = e.key === "ArrowRight" ? i + 1 : e.key === "ArrowLeft" ? i - 1 : -2;
    if (next === -2) return;
    e.preventDefault();
    const target = tabButtons[(next + tabButtons.length) % tabButtons.length];
    choose(target.dataset.status!);
    target.focus();
  });
  const choose = (value: string) => {
    status = value;
    page = 1;
    tabButtons.forEach((b) => {
      const on = b.dataset.status === value;
      b.setAttribute("aria-selected", String(on));
      b.tabIndex = on ? 0 : -1;
    });
    void refresh();
  };

  const refresh = () =>
    load(ctx, list, async () => {
      const messages = (await api.get("/leaveMessages", { status, page, per_page: PER_PAGE })).entities as LeaveMessage[];
      if (messages.length === 0 && page === 1) return emptyState(t.noLeaveMessages, "mail");
      return h(
        "div",
        { class: "stack" },
        ...messages.map((m) => item(m)),
        pager(t, { page, hasNext: messages.length === PER_PAGE }, (p) => {
          page = p;
          void refresh();
        }),
      );
    });

  const item = (m: LeaveMessage) => {
    const name = m.name || format(t.anonymous, { id: (m.visitorId ?? String(m.leaveMessageId)).slice(0, 8) });
    const choice = select(STATUSES.map((s): [string, string] => [s, statusName(t, s)]), m.status, { "aria-label": format(t.setStatus, { name }), class: "input input-compact" });
    const badge = h("span", { class: `pill pill-${tone(m.status)}` }, statusName(t, m.status));
    choice.addEventListener("change", async () => {
      choice.disabled = true;
      try {
        const result = (await api.put(`/leaveMessages/${m.leaveMessageId}`, { status: choice.value })).entity as { status: string };
        m.status = result.status;
        badge.textContent = statusName(t, m.status);
        badge.className = `pill pill-${tone(m.status)}`;
        ctx.toast(format(t.statusChanged, { status: statusName(t, m.status) }));
      } catch (failure) {
        choice.value = m.status;
        ctx.toast(errorText(t, failure), "error");
      } finally {
        choice.disabled = false;
      }
    });
    const contact = [m.phone, m.email].filter(Boolean).join(" · ");
    return h(
      "article",
      { class: "card leave", "data-leave-message-id": m.leaveMessageId },
      h("div", { class: "card-head" }, h("div", {}, h("h2", { class: "card-title" }, name), h("p", { class: "muted small" }, [formatDateTime(m.createDatetime, lang), m.queueId !== null ? queueName.get(m.queueId) ?? `${t.queue} ${m.queueId}` : null, contact || null].filter(Boolean).join(" · "))), h("div", { class: "leave-status" }, badge, choice)),
      h("p", { class: "leave-content" }, m.content),
    );
  };

  void api
    .get("/queues")
    .then((b) => (queueName = new Map((b.entities as QueueSummary[]).map((q) => [q.queueId, q.queueName]))))
    .catch(() => undefined)
    .finally(() => void refresh());
  return { el };
}

function statusName(t: ConsoleTexts, status: string): string {
  return (t as Record<string, string>)[`status${status}`] ?? status;
}

function tone(status: string): string {
  return status === "Untreated" ? "amber" : status === "Processing" ? "blue" : "green";
}

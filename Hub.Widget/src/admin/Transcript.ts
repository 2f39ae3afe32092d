import { h } from "../shared/dom";
import { format } from "../shared/i18n";
import type { MessageEvent } from "../shared/ChatMessage";
import { renderText } from "../shared/renderText";
import { safeUrl } from "../shared/safeUrl";
import { button, errorBlock, errorText, loadingBlock, openDialog, svgIcon, withProgress, type PageContext } from "./ui";

/** One item of `serviceSessionHistorys`, the fields the console shows. */
export interface HistoryItem {
  serviceSessionId: string;
  queueId: number | null;
  state: string;
  messageSeqId: number;
  agentUserNiceName: string | null;
  createDatetime: string;
  startDateTime: string | null;
  stopDateTime: string | null;
  enquirySummary: string | null;
  enquiryDetail: string | null;
  comment: string | null;
  transfered: boolean;
  summarysDetail: string | null;
  visitorUserTags: string | null;
  enquiryTagNames: string | null;
  visitorUser: { userId: string; nicename: string | null } | null;
  agentUserSet: { username: string | null; nicename: string | null }[];
}

const PAGE = 100;

/** A drawer with the session's details and its whole transcript, read 100 messages at a time. */
export function showTranscript(ctx: PageContext, item: HistoryItem, queueName: Map<number, string>): void {
  const { t, api, lang } = ctx;
  const visitor = item.visitorUser?.nicename || format(t.anonymous, { id: item.visitorUser?.userId?.slice(0, 8) ?? "" });
  const agent = item.agentUserSet[0];
  const facts: [string, string | null | undefined][] = [
    [t.sessionId, item.serviceSessionId],
    [t.visitorId, item.visitorUser?.userId],
    [t.agent, agent ? `${agent.nicename ?? ""} (${agent.username ?? ""})` : null],
    [t.queue, item.queueId !== null ? queueName.get(item.queueId) ?? String(item.queueId) : null],
    [t.created, item.createDatetime],
    [t.started, item.startDateTime],
    [t.stopped, item.stopDateTime],
    [t.rating, item.enquirySummary ? `${"★".repeat(Number(item.enquirySummary))}${item.enquiryDetail ? ` · ${item.enquiryDetail}` : ""}${item.enquiryTagNames ? ` · ${item.enquiryTagNames}` : ""}` : null],
    [t.summary, item.summarysDetail],
    [t.comment, item.comment],
    [t.tags, item.visitorUserTags],
  ];
  const list = h("ol", { class: "transcript", "aria-label": t.transcript });
  const more = button(t.loadMore, { small: true, kind: "ghost" });
  more.hidden = true;
  const status = h("div");
  const content = h(
    "div",
    { class: "transcript-wrap", "data-kefu": "transcript", "data-session-id": item.serviceSessionId },
    h("dl", { class: "facts" }, ...facts.filter(([, v]) => v).flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v!)])),
    h("h3", { class: "section-title" }, t.transcript),
    status,
    list,
    more,
  );
  openDialog(t, { title: format(t.transcriptOf, { name: visitor }), content, size: "drawer" });

  let afterSeq = 0;
  const next = async () => {
    const messages = (await api.get(`/sessions/${encodeURIComponent(item.serviceSessionId)}/messages`, { afterSeq, size: PAGE })).entities as MessageEvent[];
    for (const m of messages) list.append(messageItem(m));
    afterSeq = messages.length ? messages[messages.length - 1].seq : afterSeq;
    more.hidden = messages.length < PAGE;
    status.replaceChildren(list.childElementCount === 0 ? h("p", { class: "muted" }, t.noMessages) : "");
  };
  more.addEventListener("click", () => void withProgress(more, t.loading, () => next().catch((e) => ctx.toast(errorText(t, e), "error"))));
  const first = () => {
    status.replaceChildren(loadingBlock(t));
    next().catch((e) => status.replaceChildren(errorBlock(t, errorText(t, e), first)));
  };
  first();

  function messageItem(m: MessageEvent): HTMLElement {
    const who = m.from === "visitor" ? visitor : m.from === "agent" ? agent?.nicename ?? t.agent : m.from === "robot" ? t.robotSender : t.systemSender;
    const time = new Date(m.createDatetime).toLocaleString(lang, { hour12: false });
    return h(
      "li",
      { class: "tmsg", "data-from": m.from, "data-seq": m.seq, "data-kefu": "message" },
      h("div", { class: "tmsg-meta" }, h("span", { class: "strong" }, who), h("time", { datetime: m.createDatetime }, time)),
      body(m),
    );
  }

  function body(m: MessageEvent): HTMLElement {
    const url = safeUrl(m.url, location.origin);
    const ext = (m.ext && typeof m.ext === "object" ? m.ext : {}) as Record<string, unknown>;
    if (m.type === "img" && url) {
      return h("div", { class: "tbubble tmedia" }, h("a", { href: url, target: "_blank", rel: "noopener noreferrer nofollow" }, h("img", { src: url, alt: m.text || t.image, loading: "lazy" })));
    }
    if ((m.type === "img" || m.type === "file") && url) {
      const name = String(ext.name ?? m.text ?? t.file);
      return h("div", { class: "tbubble" }, h("a", { class: "tfile", href: url, target: "_blank", rel: "noopener noreferrer nofollow", download: name }, svgIcon("file", 18), name));
    }
    const bubble = h("div", { class: "tbubble" });
    renderText(bubble, m.text ?? (m.type === "order" || m.type === "track" ? JSON.stringify(ext) : ""));
    return bubble;
  }
}

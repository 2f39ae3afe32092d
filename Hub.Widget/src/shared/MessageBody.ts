import type { ChatMessage } from "./ChatMessage";
import { h, icon } from "./dom";
import { ICONS } from "./icons";
import { renderText } from "./renderText";
import { safeUrl } from "./safeUrl";

export interface MessageBodyTexts {
  openImage: string;
  download: string;
  order: string;
}

/**
 * A message's bubble, for the widget and the workspace alike: text with http(s) links, an emoji, an
 * image thumbnail, a file card, an order or track card. Every string from the message becomes a text
 * node; every url passes {@link safeUrl} (relative ones resolve against the hub).
 */
export function renderMessageBody(m: ChatMessage, hubOrigin: string, t: MessageBodyTexts): HTMLElement {
  const url = safeUrl(m.url, hubOrigin);
  const ext = (m.ext && typeof m.ext === "object" ? m.ext : {}) as Record<string, any>;
  if (m.type === "img" && url) {
    const img = h("img", { src: url, alt: m.text || t.openImage, loading: "lazy" });
    return h("div", { class: "bubble media" }, h("a", { href: url, target: "_blank", rel: "noopener noreferrer nofollow", "aria-label": `${t.openImage}: ${m.text ?? ""}` }, img));
  }
  if (m.type === "img" || m.type === "file") {
    const name = String(ext.name ?? m.text ?? "file");
    const size = typeof ext.size === "number" ? formatSize(ext.size) : "";
    const content = [h("span", { class: "ficon", "aria-hidden": "true" }, icon(ICONS.file)), h("span", {}, h("span", { class: "fname" }, name), h("span", { class: "fsize" }, size))];
    // The visible name and size start the link's accessible name; "Download" follows for screen readers.
    const card = url ? h("a", { class: "filecard", href: url, target: "_blank", rel: "noopener noreferrer nofollow", download: name, title: t.download }, ...content, h("span", { class: "vh" }, ` ${t.download}`)) : h("div", { class: "filecard" }, ...content);
    return h("div", { class: "bubble media" }, card);
  }
  if (m.type === "order" || m.type === "track") {
    const data = (ext.msgtype?.[m.type] ?? ext.msgtype?.order ?? ext.msgtype?.track ?? ext) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");
    const img = safeUrl(data.img_url ?? data.imageUrl, hubOrigin);
    const link = safeUrl(data.item_url ?? data.url ?? m.url, hubOrigin);
    const title = str(data.title) || m.text || (m.type === "order" ? t.order : "");
    return h(
      "div",
      { class: "bubble card" },
      img ? h("img", { src: img, alt: "" }) : null,
      h(
        "div",
        {},
        h("p", { class: "ctitle" }, title),
        str(data.order_title) ? h("p", { class: "cdesc" }, str(data.order_title)) : null,
        str(data.desc) ? h("p", { class: "cdesc" }, str(data.desc)) : null,
        str(data.price) ? h("p", { class: "cprice" }, str(data.price)) : null,
        link ? h("a", { href: link, target: "_blank", rel: "noopener noreferrer nofollow" }, link) : null,
      ),
    );
  }
  const bubble = h("div", { class: m.type === "emoji" ? "bubble emoji" : "bubble" });
  renderText(bubble, m.text ?? "");
  return bubble;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** Hours and minutes; the formatter is made once per language (making one costs more than the formatting). */
export function formatTime(iso: string, lang: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  let f = timeFormats.get(lang);
  if (!f) timeFormats.set(lang, (f = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit" })));
  return f.format(date);
}

/** Text only (txt, emoji) that is nothing but up to three emoji: sent as `emoji`, shown large. */
export function isEmojiOnly(text: string, graphemes: number): boolean {
  return /^\p{Extended_Pictographic}(\u200d?\p{Extended_Pictographic}|\uFE0F|\p{Emoji_Modifier})*$/u.test(text) && graphemes <= 3;
}

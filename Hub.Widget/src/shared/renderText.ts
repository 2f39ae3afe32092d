import { safeUrl } from "./safeUrl";

const LINK = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?)\]}'"。，；：！？）】]+$/;

/**
 * Appends `text` to `parent` as text nodes, with http(s) links as anchors. Never parses HTML: the
 * text comes from visitors and agents.
 */
export function renderText(parent: Node, text: string): void {
  const doc = parent.ownerDocument ?? document;
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    let raw = match[0];
    const trailing = TRAILING.exec(raw)?.[0] ?? "";
    raw = raw.slice(0, raw.length - trailing.length);
    const href = safeUrl(raw);
    const start = match.index!;
    if (!href) continue;
    if (start > last) parent.appendChild(doc.createTextNode(text.slice(last, start)));
    const a = doc.createElement("a");
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer nofollow";
    a.textContent = raw;
    parent.appendChild(a);
    last = start + raw.length;
  }
  if (last < text.length) parent.appendChild(doc.createTextNode(text.slice(last)));
}

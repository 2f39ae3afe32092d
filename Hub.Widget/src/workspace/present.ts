import type { ChatMessage } from "../shared/ChatMessage";
import { format } from "../shared/i18n";
import type { SessionInfo } from "./InboxSession";
import type { WorkspaceTexts } from "./texts";

/** How a visitor is named: its nickname, else "Visitor" and the start of its id. */
export function visitorName(info: Pick<SessionInfo, "visitorNickname" | "visitorId">, t: WorkspaceTexts): string {
  const nick = info.visitorNickname?.trim();
  return nick ? nick : `${t.visitor} ${info.visitorId.replace(/-/g, "").slice(0, 4).toUpperCase()}`;
}

/** What an avatar's letters come from: the nickname, else the word for a visitor (not its made-up number). */
export function avatarName(info: Pick<SessionInfo, "visitorNickname">, t: WorkspaceTexts): string {
  return info.visitorNickname?.trim() || t.visitor;
}

/** One or two letters for an avatar (never markup: it is set as text). */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = Array.from(words[0] ?? "?")[0] ?? "?";
  const second = words.length > 1 ? (Array.from(words[words.length - 1])[0] ?? "") : "";
  return (first + second).toUpperCase();
}

// White text on each of these has at least 4.5:1 contrast.
const AVATAR_COLORS = ["#1d4ed8", "#7c3aed", "#be185d", "#b45309", "#047857", "#0e7490", "#4338ca", "#b91c1c"];

export function avatarColor(key: string): string {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) | 0;
  return AVATAR_COLORS[Math.abs(hash) % AVATAR_COLORS.length];
}

/** A line for the session list: the text, or what kind of attachment it was. */
export function preview(m: ChatMessage | undefined, t: WorkspaceTexts): string {
  if (!m) return "";
  const ext = (m.ext && typeof m.ext === "object" ? m.ext : {}) as Record<string, unknown>;
  const body = m.type === "img" ? t.image : m.type === "file" ? format(t.file, { name: String(ext.name ?? m.text ?? "") }) : m.type === "order" || m.type === "track" ? t.card : (m.text ?? "");
  const line = body.replace(/\s+/g, " ").trim();
  return m.from === "agent" ? `${t.you}: ${line}` : line;
}

/** "now", "5m", "2h", "3d" since `iso`. */
export function since(iso: string | null | undefined, now: number, t: WorkspaceTexts): string {
  if (!iso) return "";
  const ms = now - new Date(iso).getTime();
  if (!Number.isFinite(ms)) return "";
  const minutes = Math.floor(ms / 60000);
  if (minutes < 1) return t.now;
  if (minutes < 60) return format(t.minutes, { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return format(t.hours, { n: hours });
  return format(t.days, { n: Math.floor(hours / 24) });
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

export function dateTime(iso: string | null | undefined, lang: string): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  let f = dateTimeFormats.get(lang);
  if (!f) dateTimeFormats.set(lang, (f = new Intl.DateTimeFormat(lang, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" })));
  return f.format(date);
}

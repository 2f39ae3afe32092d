import { pickLang, type Lang } from "../shared/i18n";

/** What the embed tag says (CONTRACT.md "Web widget"). */
export interface WidgetOptions {
  hubOrigin: string;
  tenantId: string;
  queueId?: number;
  agentUsername?: string;
  lang: Lang;
  open: boolean;
  userId?: string;
  userHash?: string;
}

/** Reads `data-*` from the script tag; the hub is where the script came from. */
export function readOptions(script: HTMLScriptElement | null, navigatorLanguages: readonly string[]): WidgetOptions | null {
  const data = script?.dataset;
  if (!script || !data?.tenant) return null;
  const queue = data.queue ? Number.parseInt(data.queue, 10) : undefined;
  return {
    hubOrigin: new URL(script.src, location.href).origin,
    tenantId: data.tenant,
    queueId: Number.isFinite(queue) ? queue : undefined,
    agentUsername: data.agent || undefined,
    lang: pickLang(data.lang, navigatorLanguages),
    open: data.open === "true",
    userId: data.userId || undefined,
    userHash: data.userHash || undefined,
  };
}

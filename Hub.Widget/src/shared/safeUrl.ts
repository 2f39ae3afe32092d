/**
 * The url if it is http(s), resolved against `base` (the hub, for our own `/api/tenants/.../files/...`
 * urls); null for every other scheme (javascript:, data:, file: ...).
 */
export function safeUrl(url: unknown, base?: string): string | null {
  if (typeof url !== "string" || url.length === 0 || url.length > 2048) return null;
  try {
    const parsed = new URL(url, base);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}

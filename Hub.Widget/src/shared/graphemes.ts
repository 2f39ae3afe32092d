const segmenter: { segment(text: string): Iterable<unknown> } | undefined =
  typeof Intl !== "undefined" && "Segmenter" in Intl ? new (Intl as any).Segmenter(undefined, { granularity: "grapheme" }) : undefined;

/** Characters as people see them (one emoji, one flag = 1), as the hub counts its length limits. */
export function countGraphemes(text: string): number {
  if (!segmenter) return Array.from(text).length;
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

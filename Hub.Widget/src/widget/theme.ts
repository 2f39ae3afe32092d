/** The accent from settings if it is a plain #rgb/#rrggbb colour, and a text colour readable on it. */
export function themeColors(color: string | null | undefined): { accent: string; onAccent: string } | null {
  if (!color || !/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(color)) return null;
  const hex = color.length === 4 ? color.replace(/[0-9a-f]/gi, (c) => c + c).slice(1) : color.slice(1);
  const [r, g, b] = [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // White text needs 4.5:1 (WCAG AA); otherwise dark text.
  return { accent: color, onAccent: 1.05 / (luminance + 0.05) >= 4.5 ? "#ffffff" : "#111827" };
}

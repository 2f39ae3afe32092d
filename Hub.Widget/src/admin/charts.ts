import { h } from "../shared/dom";
import type { Lang } from "../shared/i18n";
import { nextId } from "./ui";

const SVG = "http://www.w3.org/2000/svg";

function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/**
 * The y axis: 4 or 5 grid steps of a whole 1, 2, 2.5 or 5 × 10ⁿ, the lowest top at or above `value`
 * (so 9 gets 0–10, not 0–20).
 */
export function niceScale(value: number): { max: number; steps: number } {
  let best = { max: Infinity, steps: 4 };
  for (let magnitude = 1; magnitude <= Math.max(1, value); magnitude *= 10) {
    for (const m of [1, 2, 2.5, 5]) {
      const step = m * magnitude;
      if (!Number.isInteger(step)) continue;
      for (const steps of [4, 5]) {
        if (step * steps >= value && step * steps < best.max) best = { max: step * steps, steps };
      }
    }
  }
  return best.max === Infinity ? { max: 4, steps: 4 } : best;
}

export interface DailyPoint {
  date: string;
  count: number;
}

export interface Chart {
  el: HTMLElement;
  update(points: DailyPoint[]): void;
}

/**
 * A 30-day trend as an area chart of inline SVG, drawn at the width it has (redrawn on resize, so
 * text stays legible on phones). Hover or arrow keys show a day's figure; a hidden table gives
 * every figure to screen readers.
 */
export function trendChart(title: string, tone: "blue" | "violet", lang: Lang): Chart {
  const caption = h("figcaption", { class: "vh" });
  const tip = h("div", { class: "chart-tip", hidden: true, "aria-hidden": "true" });
  const canvas = h("div", { class: "chart-canvas" });
  const table = h("table", { class: "vh" });
  const figure = h("figure", { class: `chart chart-${tone}`, "data-kefu": "chart", tabindex: "0" }, caption, canvas, tip, table);
  const dayLabel = new Intl.DateTimeFormat(lang, { month: "numeric", day: "numeric", timeZone: "UTC" });
  const label = (date: string) => dayLabel.format(new Date(`${date}T00:00:00Z`));
  let points: DailyPoint[] = [];
  let focus = -1;
  let geometry: { x: (i: number) => number; y: (v: number) => number; height: number } | null = null;
  const gradientId = nextId("grad");

  const draw = () => {
    const width = Math.max(240, Math.floor(canvas.clientWidth || 560));
    const height = 190;
    const pad = { left: 38, right: 14, top: 14, bottom: 26 };
    const { max, steps } = niceScale(Math.max(0, ...points.map((p) => p.count)));
    const n = Math.max(1, points.length - 1);
    const x = (i: number) => pad.left + ((width - pad.left - pad.right) * i) / n;
    const y = (v: number) => pad.top + (height - pad.top - pad.bottom) * (1 - v / max);
    geometry = { x, y, height };
    const svg = s("svg", { width, height, viewBox: `0 0 ${width} ${height}`, "aria-hidden": "true", focusable: "false" });
    const defs = s("defs");
    const gradient = s("linearGradient", { id: gradientId, x1: 0, y1: 0, x2: 0, y2: 1 });
    gradient.append(s("stop", { offset: "0%", class: "chart-stop-top" }), s("stop", { offset: "100%", class: "chart-stop-bottom" }));
    defs.append(gradient);
    svg.append(defs);
    for (let i = 0; i <= steps; i++) {
      const value = (max / steps) * i;
      svg.append(s("line", { x1: pad.left, x2: width - pad.right, y1: y(value), y2: y(value), class: i === 0 ? "chart-axis" : "chart-grid" }));
      svg.append(s("text", { x: pad.left - 8, y: y(value) + 4, class: "chart-label", "text-anchor": "end" }, String(value)));
    }
    const step = Math.max(1, Math.ceil(points.length / Math.max(2, Math.floor((width - 60) / 70))));
    points.forEach((p, i) => {
      if ((points.length - 1 - i) % step === 0) svg.append(s("text", { x: x(i), y: height - 8, class: "chart-label", "text-anchor": "middle" }, label(p.date)));
    });
    if (points.length > 0) {
      const line = points.map((p, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(p.count).toFixed(1)}`).join("");
      svg.append(s("path", { d: `${line}L${x(points.length - 1).toFixed(1)},${y(0)}L${x(0).toFixed(1)},${y(0)}Z`, fill: `url(#${gradientId})`, class: "chart-area" }));
      svg.append(s("path", { d: line, class: "chart-line" }));
      const last = points.length - 1;
      svg.append(s("circle", { cx: x(last), cy: y(points[last].count), r: 3.5, class: "chart-dot" }));
    }
    svg.append(s("line", { class: "chart-guide", x1: 0, x2: 0, y1: pad.top, y2: height - pad.bottom, visibility: "hidden" }));
    svg.append(s("circle", { class: "chart-focus", r: 5, cx: 0, cy: 0, visibility: "hidden" }));
    canvas.replaceChildren(svg);
    showFocus();
  };

  const showFocus = () => {
    const svg = canvas.querySelector("svg");
    const guide = svg?.querySelector<SVGLineElement>(".chart-guide");
    const dot = svg?.querySelector<SVGCircleElement>(".chart-focus");
    if (!guide || !dot || !geometry || focus < 0 || focus >= points.length) {
      tip.hidden = true;
      guide?.setAttribute("visibility", "hidden");
      dot?.setAttribute("visibility", "hidden");
      return;
    }
    const px = geometry.x(focus);
    const py = geometry.y(points[focus].count);
    guide.setAttribute("x1", String(px));
    guide.setAttribute("x2", String(px));
    guide.setAttribute("visibility", "visible");
    dot.setAttribute("cx", String(px));
    dot.setAttribute("cy", String(py));
    dot.setAttribute("visibility", "visible");
    tip.replaceChildren(h("span", {}, label(points[focus].date)), h("b", {}, String(points[focus].count)));
    tip.hidden = false;
    const left = Math.min(Math.max(px, 40), canvas.clientWidth - 40);
    tip.style.left = `${left}px`;
    tip.style.top = `${Math.max(0, py - 46)}px`;
  };

  canvas.addEventListener("mousemove", (e) => {
    if (!geometry || points.length === 0) return;
    const rect = canvas.getBoundingClientRect();
    const ratio = (e.clientX - rect.left - geometry.x(0)) / Math.max(1, geometry.x(points.length - 1) - geometry.x(0));
    focus = Math.round(Math.min(1, Math.max(0, ratio)) * (points.length - 1));
    showFocus();
  });
  canvas.addEventListener("mouseleave", () => {
    focus = -1;
    showFocus();
  });
  figure.addEventListener("keydown", (e) => {
    if (!["ArrowLeft", "ArrowRight", "Home", "End"].includes(e.key) || points.length === 0) return;
    e.preventDefault();
    if (e.key === "Home") focus = 0;
    else if (e.key === "End" || focus < 0) focus = points.length - 1;
    else focus = Math.min(points.length - 1, Math.max(0, focus + (e.key === "ArrowLeft" ? -1 : 1)));
    showFocus();
  });
  figure.addEventListener("blur", () => {
    focus = -1;
    showFocus();
  });
  new ResizeObserver(() => draw()).observe(canvas);

  return {
    el: figure,
    update(next) {
      if (JSON.stringify(next) === JSON.stringify(points)) return;
      points = next;
      const total = points.reduce((sum, p) => sum + p.count, 0);
      caption.textContent = `${title}: ${total}`;
      table.replaceChildren(
        h("caption", {}, title),
        h("tbody", {}, ...points.map((p) => h("tr", {}, h("th", { scope: "row" }, label(p.date)), h("td", {}, String(p.count))))),
      );
      draw();
    },
  };
}

export interface BarItem {
  label: string;
  sublabel?: string;
  value: number;
}

/** Horizontal bars (one per agent), names cut to fit; the value at each bar's end. */
export function barChart(title: string): { el: HTMLElement; update(items: BarItem[]): void } {
  const canvas = h("div", { class: "chart-canvas" });
  const table = h("table", { class: "vh" });
  const figure = h("figure", { class: "chart chart-bars", "data-kefu": "chart" }, h("figcaption", { class: "vh" }, title), canvas, table);
  let items: BarItem[] = [];

  const draw = () => {
    const width = Math.max(240, Math.floor(canvas.clientWidth || 560));
    const row = 34;
    const labelWidth = Math.min(180, Math.floor(width * 0.36));
    const height = Math.max(row, items.length * row);
    const max = Math.max(1, ...items.map((i) => i.value));
    const barSpace = width - labelWidth - 48;
    const svg = s("svg", { width, height, viewBox: `0 0 ${width} ${height}`, "aria-hidden": "true", focusable: "false" });
    items.forEach((item, i) => {
      const top = i * row;
      const fits = Math.max(4, Math.floor((labelWidth - 12) / 7.2));
      svg.append(s("text", { x: 0, y: top + row / 2 + 4, class: "bar-label" }, cut(item.label, fits)));
      svg.append(s("rect", { x: labelWidth, y: top + 8, width: barSpace, height: row - 16, rx: 5, class: "bar-track" }));
      const w = item.value === 0 ? 0 : Math.max(6, (barSpace * item.value) / max);
      if (w > 0) svg.append(s("rect", { x: labelWidth, y: top + 8, width: w, height: row - 16, rx: 5, class: "bar" }));
      svg.append(s("text", { x: labelWidth + w + 8, y: top + row / 2 + 4, class: "bar-value" }, String(item.value)));
    });
    canvas.replaceChildren(svg);
  };
  new ResizeObserver(() => draw()).observe(canvas);

  return {
    el: figure,
    update(next) {
      if (JSON.stringify(next) === JSON.stringify(items)) return;
      items = next;
      table.replaceChildren(
        h("caption", {}, title),
        h("tbody", {}, ...items.map((i) => h("tr", {}, h("th", { scope: "row" }, i.sublabel ? `${i.label} (${i.sublabel})` : i.label), h("td", {}, String(i.value))))),
      );
      draw();
    },
  };
}

/** Cuts `text` to about `max` Latin characters' width (wide CJK characters count twice). */
function cut(text: string, max: number): string {
  const chars = Array.from(text);
  let width = 0;
  for (let i = 0; i < chars.length; i++) {
    width += /[\u1100-\uffff]/.test(chars[i]) ? 2 : 1;
    if (width > max) return `${chars.slice(0, Math.max(1, i - 1)).join("")}…`;
  }
  return text;
}

import { h, icon } from "../shared/dom";
import { countGraphemes } from "../shared/graphemes";
import { format, type Lang } from "../shared/i18n";
import { ApiFailure } from "../shared/HubRest";
import type { AdminApi } from "./AdminApi";
import { ICONS } from "./icons";
import type { ConsoleTexts } from "./texts";

/** What every page of the console is given. */
export interface PageContext {
  api: AdminApi;
  t: ConsoleTexts;
  lang: Lang;
  toast(message: string, kind?: "ok" | "error"): void;
}

/** A page's element and what stops its timers when the console leaves it. */
export interface PageHandle {
  el: HTMLElement;
  dispose?(): void;
}

export type IconName = keyof typeof ICONS;

let lastId = 0;
export const nextId = (prefix = "k"): string => `${prefix}${++lastId}`;

/** What to tell the administrator about a failed call: the API's own errorDescription when it gave one. */
export function errorText(t: ConsoleTexts, error: unknown): string {
  if (error instanceof ApiFailure) {
    if (error.status === 0) return t.networkError;
    if (error.code === "API_006" && !error.message) return t.notAdmin;
    return error.message || `HTTP ${error.status}`;
  }
  return error instanceof Error ? error.message : String(error);
}

export function svgIcon(name: IconName, size = 20): SVGSVGElement {
  return icon(ICONS[name], size);
}

export interface ButtonOptions {
  kind?: "primary" | "secondary" | "ghost" | "danger" | "danger-ghost";
  icon?: IconName;
  /** An icon-only button: the label becomes its accessible name. */
  iconOnly?: boolean;
  type?: "button" | "submit" | "reset";
  small?: boolean;
  onClick?: (e: MouseEvent) => void;
  attrs?: Record<string, string>;
}

export function button(label: string, options: ButtonOptions = {}): HTMLButtonElement {
  const b = h("button", {
    type: options.type ?? "button",
    class: `btn btn-${options.kind ?? "secondary"}${options.small ? " btn-sm" : ""}${options.iconOnly ? " btn-icon" : ""}`,
    "aria-label": options.iconOnly ? label : undefined,
    title: options.iconOnly ? label : undefined,
  });
  if (options.icon) b.append(svgIcon(options.icon, options.small ? 16 : 18));
  if (!options.iconOnly) b.append(h("span", { class: "btn-label" }, label));
  for (const [k, v] of Object.entries(options.attrs ?? {})) b.setAttribute(k, v);
  if (options.onClick) b.addEventListener("click", options.onClick);
  return b;
}

/**
 * Runs a long action with the button showing it: disabled, a spinner, `aria-busy`, and the busy label
 * (e.g. "Saving…") while it lasts; restored afterwards whatever the outcome.
 */
export async function withProgress<T>(target: HTMLButtonElement, busyLabel: string | null, work: () => Promise<T>): Promise<T> {
  const label = target.querySelector(".btn-label");
  const original = label?.textContent ?? null;
  const spinner = h("span", { class: "spinner", "aria-hidden": "true" });
  target.disabled = true;
  target.setAttribute("aria-busy", "true");
  target.prepend(spinner);
  if (label && busyLabel) label.textContent = busyLabel;
  try {
    return await work();
  } finally {
    spinner.remove();
    target.disabled = false;
    target.removeAttribute("aria-busy");
    if (label && original !== null) label.textContent = original;
  }
}

export function pageHeader(title: string, intro: string | null, ...actions: Node[]): HTMLElement {
  return h(
    "header",
    { class: "page-head" },
    h("div", { class: "page-titles" }, h("h1", { tabindex: "-1", class: "page-title" }, title), intro ? h("p", { class: "page-intro" }, intro) : null),
    actions.length ? h("div", { class: "page-actions" }, ...actions) : null,
  );
}

export function card(title: string | null, ...children: (Node | null)[]): HTMLElement {
  return h("section", { class: "card" }, title ? h("h2", { class: "card-title" }, title) : null, ...children);
}

export function pill(text: string, tone: string): HTMLElement {
  return h("span", { class: `pill pill-${tone}` }, text);
}

/** A state pill with its dot, for routing states (Online, Busy, ...). */
export function statePill(t: ConsoleTexts, state: string, enabled = true): HTMLElement {
  if (!enabled) return pill(t.disabled, "muted");
  const label = (t as Record<string, string>)[`state${state}`] ?? state;
  return h("span", { class: `state state-${state.toLowerCase()}` }, h("i", { "aria-hidden": "true" }), label);
}

export function emptyState(text: string, iconName: IconName = "chat", ...actions: Node[]): HTMLElement {
  return h("div", { class: "empty" }, h("div", { class: "empty-icon" }, svgIcon(iconName, 28)), h("p", {}, text), ...actions);
}

export function loadingBlock(t: ConsoleTexts): HTMLElement {
  return h("div", { class: "loading", role: "status" }, h("span", { class: "spinner", "aria-hidden": "true" }), t.loading);
}

export function errorBlock(t: ConsoleTexts, message: string, retry: () => void): HTMLElement {
  return h("div", { class: "error-block", role: "alert" }, h("p", {}, message), button(t.retry, { icon: "refresh", onClick: retry }));
}

/** Loads into `target`, showing progress, then the content or the error with a retry button. */
export async function load(ctx: PageContext, target: HTMLElement, work: () => Promise<Node>): Promise<void> {
  target.replaceChildren(loadingBlock(ctx.t));
  try {
    target.replaceChildren(await work());
  } catch (error) {
    target.replaceChildren(errorBlock(ctx.t, errorText(ctx.t, error), () => void load(ctx, target, work)));
  }
}

export interface FieldOptions {
  hint?: string;
  required?: boolean;
  wide?: boolean;
}

/** A labelled control: the label's `for`, the hint and the error message wired to it for screen readers. */
export function field(label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, options: FieldOptions = {}): HTMLElement {
  if (!control.id) control.id = nextId("f");
  const hintId = `${control.id}-hint`;
  const errorId = `${control.id}-error`;
  control.setAttribute("aria-describedby", options.hint ? `${hintId} ${errorId}` : errorId);
  if (options.required) control.required = true;
  return h(
    "div",
    { class: `field${options.wide ? " field-wide" : ""}` },
    h("label", { for: control.id }, label, options.required ? h("span", { class: "req", "aria-hidden": "true" }, " *") : null),
    control,
    options.hint ? h("p", { class: "hint", id: hintId }, options.hint) : null,
    h("p", { class: "field-error", id: errorId, hidden: true }),
  );
}

/** Shows (or clears, with null) the error under a field's control. */
export function setFieldError(control: HTMLElement, message: string | null): void {
  const error = document.getElementById(`${control.id}-error`);
  if (!error) return;
  error.textContent = message ?? "";
  error.hidden = !message;
  if (message) control.setAttribute("aria-invalid", "true");
  else control.removeAttribute("aria-invalid");
}

export function input(attrs: Record<string, string | number | boolean | undefined> = {}): HTMLInputElement {
  return h("input", { class: "input", type: "text", ...attrs });
}

export function textarea(attrs: Record<string, string | number | boolean | undefined> = {}): HTMLTextAreaElement {
  return h("textarea", { class: "input", rows: 3, ...attrs });
}

export function select(options: [value: string, label: string][], value?: string, attrs: Record<string, string | undefined> = {}): HTMLSelectElement {
  const s = h("select", { class: "input", ...attrs }, ...options.map(([v, label]) => h("option", { value: v }, label)));
  if (value !== undefined) s.value = value;
  return s;
}

/** A checkbox shown as a switch. */
export function toggle(label: string, checked: boolean, hint?: string): { el: HTMLElement; input: HTMLInputElement } {
  const box = h("input", { type: "checkbox", role: "switch", class: "switch-input", id: nextId("s") });
  box.checked = checked;
  const hintEl = hint ? h("span", { class: "hint", id: `${box.id}-hint` }, hint) : null;
  if (hintEl) box.setAttribute("aria-describedby", hintEl.id);
  const el = h("div", { class: "switch" }, box, h("label", { for: box.id }, h("span", { class: "track", "aria-hidden": "true" }), h("span", { class: "switch-text" }, label, hintEl)));
  return { el, input: box };
}

/**
 * A table in a box that scrolls sideways (focusable, so keyboards can scroll it); on phones each row
 * becomes a card, its cells labelled by their column (`data-label`).
 */
export function table(headers: (string | { label: string; className: string })[], rows: HTMLElement[], caption: string): HTMLElement {
  const labels = headers.map((c) => (typeof c === "string" ? c : c.label));
  for (const row of rows) Array.from(row.children).forEach((cell, i) => cell.setAttribute("data-label", labels[i] ?? ""));
  return h(
    "div",
    { class: "table-wrap", tabindex: "0", role: "region", "aria-label": caption },
    h(
      "table",
      { class: "table" },
      h("caption", { class: "vh" }, caption),
      h("thead", {}, h("tr", {}, ...headers.map((c) => (typeof c === "string" ? h("th", { scope: "col" }, c) : h("th", { scope: "col", class: c.className }, c.label))))),
      h("tbody", {}, ...rows),
    ),
  );
}

export function cell(...children: (Node | string | null | undefined | false)[]): HTMLTableCellElement {
  return h("td", {}, ...children);
}

export interface PagerState {
  /** From 1. */
  page: number;
  /** Unknown when the API gives no total. */
  pages?: number;
  hasNext: boolean;
  summary?: string;
}

export function pager(t: ConsoleTexts, state: PagerState, go: (page: number) => void): HTMLElement {
  const prev = button(t.previous, { icon: "chevronLeft", small: true, onClick: () => go(state.page - 1) });
  const next = button(t.next, { icon: "chevronRight", small: true, onClick: () => go(state.page + 1) });
  prev.disabled = state.page <= 1;
  next.disabled = !state.hasNext;
  const where = state.pages ? format(t.pageOf, { page: state.page, pages: Math.max(1, state.pages) }) : format(t.page, { page: state.page });
  return h("nav", { class: "pager", "aria-label": where }, h("span", { class: "pager-summary" }, state.summary ?? ""), h("span", { class: "pager-where" }, where), prev, next);
}

export interface DialogHandle {
  dialog: HTMLDialogElement;
  body: HTMLElement;
  close(): void;
  /** Shows an error at the top of the dialog, announced at once; null clears it. */
  error(message: string | null): void;
}

export interface DialogOptions {
  title: string;
  content: Node;
  /** Buttons in the footer; a form dialog gets its submit button here. */
  actions?: Node[];
  size?: "narrow" | "wide" | "drawer";
  onClose?: () => void;
}

/** A modal `<dialog>`: focus moves in and comes back, Escape and the close button close it. */
export function openDialog(t: ConsoleTexts, options: DialogOptions): DialogHandle {
  const titleId = nextId("d");
  const errorEl = h("div", { class: "dialog-error", role: "alert", hidden: true });
  const body = h("div", { class: "dialog-body" }, errorEl, options.content);
  const closeButton = button(t.close, { iconOnly: true, icon: "close", kind: "ghost" });
  const dialog = h(
    "dialog",
    { class: `dialog dialog-${options.size ?? "narrow"}`, "aria-labelledby": titleId },
    h("div", { class: "dialog-head" }, h("h2", { id: titleId }, options.title), closeButton),
    body,
    options.actions?.length ? h("div", { class: "dialog-foot" }, ...options.actions) : null,
  );
  const opener = document.activeElement as HTMLElement | null;
  const close = () => dialog.open && dialog.close();
  closeButton.addEventListener("click", close);
  dialog.addEventListener("close", () => {
    dialog.remove();
    options.onClose?.();
    opener?.focus?.();
  });
  // A click on the backdrop (outside the box) closes, as in most consoles.
  dialog.addEventListener("mousedown", (e) => e.target === dialog && close());
  document.body.append(dialog);
  dialog.showModal();
  return {
    dialog,
    body,
    close,
    error(message) {
      errorEl.textContent = message ?? "";
      errorEl.hidden = !message;
    },
  };
}

export interface FormDialogOptions {
  title: string;
  content: Node;
  submitLabel: string;
  busyLabel: string;
  size?: "narrow" | "wide" | "drawer";
  danger?: boolean;
  /** Checks the fields (showing errors itself); false stops the submit. */
  validate?: () => boolean;
  /** The call; its failure is shown in the dialog, its success closes it. */
  submit: () => Promise<void>;
}

/** A dialog whose content is a form: Enter submits, progress on the submit button, API errors shown inside. */
export function formDialog(t: ConsoleTexts, options: FormDialogOptions): DialogHandle {
  const formId = nextId("form");
  const submit = button(options.submitLabel, { kind: options.danger ? "danger" : "primary", type: "submit", attrs: { form: formId } });
  const cancel = button(t.cancel, { kind: "ghost" });
  const form = h("form", { id: formId, class: "form", novalidate: true }, options.content);
  const handle = openDialog(t, { title: options.title, content: form, actions: [cancel, submit], size: options.size });
  cancel.addEventListener("click", handle.close);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    handle.error(null);
    if (options.validate && !options.validate()) {
      form.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
      return;
    }
    try {
      await withProgress(submit, options.busyLabel, options.submit);
      handle.close();
    } catch (error) {
      handle.error(errorText(t, error));
    }
  });
  queueMicrotask(() => form.querySelector<HTMLElement>("input:not([type=hidden]):not([disabled]),select,textarea")?.focus());
  return handle;
}

/** Asks before a destructive action; runs it with progress and keeps the dialog open on failure. */
export function confirmAction(t: ConsoleTexts, title: string, text: string, confirmLabel: string, busyLabel: string, action: () => Promise<void>): void {
  formDialog(t, { title, content: h("p", { class: "confirm-text" }, text), submitLabel: confirmLabel, busyLabel, danger: true, submit: action });
}

/**
 * Calls `tick` now and then every `intervalMs` after each call ends (never two at once); skips while
 * the tab is hidden and catches up when it is shown again.
 */
export class Poller {
  private timer: number | undefined;
  private running = false;
  private stopped = false;
  private readonly onVisibility = () => {
    if (!document.hidden) void this.now();
  };

  constructor(
    private readonly tick: () => Promise<void>,
    private readonly intervalMs: number,
  ) {
    document.addEventListener("visibilitychange", this.onVisibility);
  }

  async now(): Promise<void> {
    if (this.stopped || this.running) return;
    window.clearTimeout(this.timer);
    this.running = true;
    try {
      await this.tick();
    } finally {
      this.running = false;
      if (!this.stopped) this.timer = window.setTimeout(() => (document.hidden ? undefined : void this.now()), this.intervalMs);
    }
  }

  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.timer);
    document.removeEventListener("visibilitychange", this.onVisibility);
  }
}

/** "2 h 5 min", "3 min 12 s", "45 s" (zh: "2小时5分", "3分12秒", "45秒"). */
export function formatDuration(totalSeconds: number, lang: Lang): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  if (lang === "zh-CN") {
    if (hours) return `${hours}小时${minutes}分`;
    if (minutes) return `${minutes}分${seconds}秒`;
    return `${seconds}秒`;
  }
  if (hours) return `${hours} h ${minutes} min`;
  if (minutes) return `${minutes} min ${seconds} s`;
  return `${seconds} s`;
}

export function formatClock(date: Date, lang: Lang): string {
  return date.toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
}

export function formatDateTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return "";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(lang, { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false });
}

/** The error for a text longer than `max` characters as the hub counts them (trimmed, an emoji is one), else null. */
export function lengthError(t: ConsoleTexts, value: string, max: number): string | null {
  return countGraphemes(value.trim()) > max ? format(t.tooLong, { max }) : null;
}

/**
 * "12 / 2000" under a text control, counted as the hub counts, kept up to date as it is typed; the
 * control gets no `maxlength`, which counts UTF-16 units and would cut an emoji short.
 */
export function charCounter(t: ConsoleTexts, control: HTMLInputElement | HTMLTextAreaElement, max: number): HTMLElement {
  const counter = h("span", { class: "char-count", "aria-hidden": "true" });
  const update = () => {
    const n = countGraphemes(control.value.trim());
    counter.textContent = format(t.charCount, { n, max });
    counter.classList.toggle("char-count-over", n > max);
  };
  control.addEventListener("input", update);
  update();
  return counter;
}

/** `0xRRGGBB` as the API stores colours, to and from `#rrggbb`. */
export const colorToHex = (color: number): string => `#${(color & 0xffffff).toString(16).padStart(6, "0")}`;
export const hexToColor = (hex: string): number => parseInt(hex.replace("#", ""), 16) || 0;

/** A random secret of `length` URL-safe characters from the browser's CSPRNG. */
export function randomSecret(length = 40): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => alphabet[b % 64]).join("");
}

/** Every agent of the tenant (the Easemob search pages through at most 50 at a time). */
export async function listAllAgents(api: AdminApi): Promise<AgentSummary[]> {
  const all: AgentSummary[] = [];
  for (let page = 0; page < 40; page++) {
    const body = await api.get("/agents", { page, size: 50 });
    all.push(...(body.entities as AgentSummary[]));
    if (body.last !== false) break;
  }
  return all;
}

export interface AgentSummary {
  userId: string;
  username: string;
  nicename: string;
  roles: string;
  status: string;
  state: string;
  maxServiceSessionCount: number;
  trueName: string;
  mobilePhone: string;
  agentNumber: string;
  createDateTime: string;
  roleList: { role_id: number; role_name: string }[];
}

/** The role an agent holds: 1 admin, 2 agent, or a custom role's id. */
export function roleIdOf(a: AgentSummary): number {
  return a.roleList?.[0]?.role_id ?? (a.roles.split(",").includes("admin") ? ADMIN_ROLE : AGENT_ROLE);
}

export const ADMIN_ROLE = 1;
export const AGENT_ROLE = 2;

/** What `GET /roles` lists. */
export interface Role {
  role_id: number;
  role_name: string;
  role_description: string | null;
  role_type: "SYSTEM" | "CUSTOMIZED";
  permissions: Permission[];
}

/** The permissions a custom role can hold, in the hub's names (exact case). */
export const PERMISSIONS = ["admin", "history", "leaveMessages", "monitoring"] as const;
export type Permission = (typeof PERMISSIONS)[number];

export interface QueueSummary {
  queueId: number;
  queueName: string;
  agentUsernames: string[];
}

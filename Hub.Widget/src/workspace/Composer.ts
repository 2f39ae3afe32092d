import { h, icon } from "../shared/dom";
import { ICONS } from "./icons";
import type { QuickReply } from "./AgentApi";
import { searchReplies } from "./QuickReplyBook";
import type { WorkspaceTexts } from "./texts";

const EMOJI = ["😀", "😊", "🙂", "😉", "😍", "🤔", "😅", "😂", "😢", "😮", "🙏", "👍", "👌", "👏", "🙌", "💪", "🎉", "❤️", "✅", "⭐", "🔥", "📦", "🚚", "💰", "📞", "📧", "⏰", "👋"];

export interface ComposerEvents {
  send: (text: string) => void;
  files: (files: File[]) => void;
  typing: () => void;
  /** Tenant-wide and personal quick replies; null when the hub has none to offer. */
  quickReplies: () => Promise<QuickReply[] | null>;
  /** Open the dialog where the agent edits its personal replies. */
  manageQuickReplies: () => void;
}

/**
 * The reply box: Enter sends, Shift+Enter breaks the line, files come from the paperclip, a drop or a
 * paste; emoji and quick replies (also by typing "/" first) insert text where the cursor is.
 */
export class Composer {
  readonly el: HTMLFormElement;
  readonly input: HTMLTextAreaElement;
  private readonly sendBtn: HTMLButtonElement;
  private readonly attach: HTMLInputElement;
  private readonly emojiBtn: HTMLButtonElement;
  private readonly quickBtn: HTMLButtonElement;
  private readonly emojiPop: HTMLDivElement;
  private readonly quickPop: HTMLDivElement;
  private readonly quickSearch: HTMLInputElement;
  private readonly quickList: HTMLUListElement;
  private readonly quickManage: HTMLButtonElement;
  private replies: QuickReply[] | null | undefined;

  constructor(private readonly t: WorkspaceTexts, private readonly events: ComposerEvents) {
    this.attach = h("input", { type: "file", "data-kefu": "attach", "aria-label": t.attach, multiple: true });
    this.attach.addEventListener("change", () => {
      const files = Array.from(this.attach.files ?? []);
      this.attach.value = "";
      if (files.length) events.files(files);
    });
    this.emojiBtn = h("button", { class: "tool", type: "button", "aria-label": t.emoji, title: t.emoji, "aria-expanded": "false", "aria-controls": "ws-emoji" }, icon(ICONS.smile));
    this.quickBtn = h("button", { class: "tool", type: "button", "data-kefu": "quick-reply", "aria-label": t.quickReplies, title: t.quickReplies, "aria-expanded": "false", "aria-controls": "ws-quick" }, icon(ICONS.bolt));
    this.input = h("textarea", { class: "input", "data-kefu": "input", rows: 2, placeholder: t.inputPlaceholder, "aria-label": t.inputPlaceholder, "aria-description": t.enterHint, maxlength: 5000 });
    this.sendBtn = h("button", { class: "btn primary send", type: "submit", "data-kefu": "send", disabled: true }, icon(ICONS.send, 18), h("span", {}, t.send));

    this.emojiPop = h("div", { class: "popover emoji-pop", id: "ws-emoji", role: "group", "aria-label": t.emoji, hidden: true });
    for (const e of EMOJI) this.emojiPop.append(h("button", { type: "button", class: "emo", "aria-label": e, onclick: () => this.insert(e) }, e));
    this.quickSearch = h("input", { type: "search", "aria-label": t.quickSearch, placeholder: t.quickSearch });
    this.quickList = h("ul", { class: "qlist", role: "listbox", "aria-label": t.quickReplies });
    this.quickManage = h("button", { class: "qmanage", type: "button", "data-kefu": "quick-manage", hidden: true }, icon(ICONS.edit, 16), t.manageQuickReplies);
    this.quickPop = h("div", { class: "popover quick-pop", id: "ws-quick", role: "dialog", "aria-label": t.quickReplies, hidden: true }, this.quickSearch, this.quickList, this.quickManage);

    this.el = h(
      "form",
      { class: "composer" },
      this.emojiPop,
      this.quickPop,
      this.input,
      h("div", { class: "tools" }, h("label", { class: "tool", title: t.attach }, icon(ICONS.attach), this.attach), this.emojiBtn, this.quickBtn, h("span", { class: "grow" }), h("span", { class: "enter-hint", "aria-hidden": "true" }, t.enterHint), this.sendBtn),
    );
    this.wire();
  }

  get draft(): string {
    return this.input.value;
  }

  set draft(text: string) {
    this.input.value = text;
    this.changed();
  }

  set disabled(off: boolean) {
    this.el.hidden = off;
  }

  focus(): void {
    this.input.focus();
  }

  private wire(): void {
    this.el.addEventListener("submit", (e) => {
      e.preventDefault();
      this.submit();
    });
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing && !e.altKey) {
        e.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener("input", () => {
      this.changed();
      this.events.typing();
      if (this.input.value === "/") void this.openQuick("");
      else if (!this.quickPop.hidden && this.input.value.startsWith("/")) this.filterQuick(this.input.value.slice(1));
    });
    this.input.addEventListener("paste", (e) => {
      const files = Array.from(e.clipboardData?.files ?? []);
      if (files.length) {
        e.preventDefault();
        this.events.files(files);
      }
    });
    for (const type of ["dragenter", "dragover"]) {
      this.el.addEventListener(type, (e) => {
        e.preventDefault();
        this.el.classList.add("drag");
      });
    }
    this.el.addEventListener("dragleave", () => this.el.classList.remove("drag"));
    this.el.addEventListener("drop", (e) => {
      e.preventDefault();
      this.el.classList.remove("drag");
      const files = Array.from((e as DragEvent).dataTransfer?.files ?? []);
      if (files.length) this.events.files(files);
    });
    this.emojiBtn.addEventListener("click", () => this.toggle(this.emojiPop, this.emojiBtn));
    this.quickBtn.addEventListener("click", () => (this.quickPop.hidden ? void this.openQuick("") : this.toggle(this.quickPop, this.quickBtn, false)));
    this.quickSearch.addEventListener("input", () => this.filterQuick(this.quickSearch.value));
    this.quickManage.addEventListener("click", () => {
      // The dialog gives focus back to what had it: the popover's button, not this one that goes away.
      this.quickBtn.focus();
      this.closePopovers();
      this.events.manageQuickReplies();
    });
    this.quickSearch.addEventListener("keydown", (e) => {
      if (e.key === "ArrowDown") {
        e.preventDefault();
        (this.quickList.querySelector("button") as HTMLElement | null)?.focus();
      }
    });
    this.quickList.addEventListener("keydown", (e) => {
      const items = Array.from(this.quickList.querySelectorAll<HTMLElement>("button"));
      const i = items.indexOf(document.activeElement as HTMLElement);
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        items[Math.max(0, Math.min(items.length - 1, i + (e.key === "ArrowDown" ? 1 : -1)))]?.focus();
      }
    });
    this.el.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && (!this.emojiPop.hidden || !this.quickPop.hidden)) {
        e.preventDefault();
        e.stopPropagation();
        this.closePopovers();
        this.input.focus();
      }
    });
    document.addEventListener("pointerdown", (e) => {
      if (!this.el.contains(e.target as Node)) this.closePopovers();
    });
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (!text) return;
    this.input.value = "";
    this.changed();
    this.closePopovers();
    this.events.send(text);
  }

  private changed(): void {
    this.sendBtn.disabled = this.input.value.trim().length === 0;
    this.input.style.height = "auto";
    this.input.style.height = `${Math.min(200, Math.max(56, this.input.scrollHeight + 2))}px`;
  }

  private insert(text: string, replaceSlash = false): void {
    const el = this.input;
    if (replaceSlash && el.value.startsWith("/")) el.value = "";
    const start = el.selectionStart ?? el.value.length;
    const end = el.selectionEnd ?? el.value.length;
    el.value = el.value.slice(0, start) + text + el.value.slice(end);
    const caret = start + text.length;
    el.setSelectionRange(caret, caret);
    this.changed();
    this.closePopovers();
    el.focus();
  }

  private toggle(pop: HTMLElement, button: HTMLElement, open = pop.hidden): void {
    this.closePopovers();
    pop.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    if (open) (pop.querySelector("input, button") as HTMLElement | null)?.focus();
  }

  private closePopovers(): void {
    this.emojiPop.hidden = true;
    this.quickPop.hidden = true;
    this.emojiBtn.setAttribute("aria-expanded", "false");
    this.quickBtn.setAttribute("aria-expanded", "false");
  }

  private async openQuick(query: string): Promise<void> {
    const fromSlash = this.input.value.startsWith("/");
    this.closePopovers();
    this.quickPop.hidden = false;
    this.quickBtn.setAttribute("aria-expanded", "true");
    this.quickSearch.value = query;
    if (this.replies === undefined) this.quickList.replaceChildren(h("li", { class: "muted", role: "status" }, this.t.loading));
    // Asked each time (the workspace keeps them): the agent may have edited its own since.
    this.replies = await this.events.quickReplies().catch(() => null);
    this.filterQuick(query);
    if (!fromSlash) this.quickSearch.focus();
  }

  private filterQuick(query: string): void {
    const t = this.t;
    this.quickManage.hidden = !this.replies;
    if (this.replies === null || this.replies === undefined) {
      this.quickList.replaceChildren(h("li", { class: "muted" }, t.quickUnavailable));
      return;
    }
    const matches = searchReplies(this.replies, query, 50);
    if (!matches.length) {
      this.quickList.replaceChildren(h("li", { class: "muted" }, t.noQuickReplies));
      return;
    }
    this.quickList.replaceChildren(
      ...matches.map((r) =>
        h(
          "li",
          { role: "option", "aria-selected": "false" },
          h(
            "button",
            { type: "button", class: "qitem", "data-reply-id": r.id, "data-personal": String(r.personal), onclick: () => this.insert(r.text, true) },
            r.group || r.personal ? h("span", { class: "qmeta" }, r.personal ? h("span", { class: "qmine" }, t.personal) : null, r.group ? h("span", { class: "qgroup" }, r.group) : null) : null,
            h("span", { class: "qtext" }, r.text),
          ),
        ),
      ),
    );
  }
}

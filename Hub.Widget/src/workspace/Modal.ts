import { h, icon } from "../shared/dom";
import { errorMessage } from "../shared/errors";
import { ICONS } from "./icons";

/** An action's failure that the dialog's content already shows (on a field): the dialog stays open, silent. */
export class ShownError extends Error {}

/**
 * A modal `<dialog>`: the browser keeps focus inside it, Escape closes it, and focus goes back to what
 * opened it. One confirm button that shows progress while its action runs; errors show inside.
 */
export class Modal {
  readonly el: HTMLDialogElement;
  readonly body: HTMLDivElement;
  readonly confirm: HTMLButtonElement;
  private readonly error: HTMLParagraphElement;
  private readonly confirmText: string;
  private opener: HTMLElement | null = null;

  /** @param cancelText null: no cancel button (the confirm button only closes, e.g. "Done"). */
  constructor(id: string, title: string, confirmText: string, cancelText: string | null, closeLabel: string, confirmHook: string | null, private readonly busyText: string) {
    this.confirmText = confirmText;
    this.body = h("div", { class: "mbody" });
    this.error = h("p", { class: "merror", role: "alert", hidden: true });
    this.confirm = h("button", { class: "btn primary", type: "submit", "data-kefu": confirmHook ?? undefined }, confirmText);
    const form = h(
      "form",
      { method: "dialog", class: "mform" },
      h("header", { class: "mhead" }, h("h2", { id: `${id}-title` }, title), h("button", { class: "icon-btn", type: "button", "aria-label": closeLabel, title: closeLabel, onclick: () => this.close() }, icon(ICONS.close))),
      this.body,
      this.error,
      h("footer", { class: "mfoot" }, cancelText === null ? null : h("button", { class: "btn", type: "button", onclick: () => this.close() }, cancelText), this.confirm),
    );
    this.el = h("dialog", { class: "modal", id, "aria-labelledby": `${id}-title` }, form);
    this.el.addEventListener("close", () => this.opener?.focus());
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.run();
    });
  }

  /** What the confirm button does; resolves to close the dialog, throws to show the error. */
  action: () => Promise<void> = async () => {};

  show(): void {
    this.opener = document.activeElement as HTMLElement | null;
    this.setError(null);
    this.setBusy(false);
    if (!this.el.isConnected) document.body.append(this.el);
    this.el.showModal();
  }

  close(): void {
    if (this.el.open) this.el.close();
  }

  setError(text: string | null): void {
    this.error.hidden = !text;
    this.error.textContent = text ?? "";
  }

  private setBusy(busy: boolean): void {
    this.confirm.toggleAttribute("data-busy", busy);
    this.confirm.setAttribute("aria-busy", String(busy));
    this.confirm.textContent = busy ? this.busyText : this.confirmText;
  }

  private async run(): Promise<void> {
    if (this.confirm.disabled || this.confirm.hasAttribute("data-busy")) return;
    this.setError(null);
    this.setBusy(true);
    try {
      await this.action();
      this.close();
    } catch (error) {
      if (!(error instanceof ShownError)) this.setError(errorMessage(error));
    } finally {
      this.setBusy(false);
    }
  }
}

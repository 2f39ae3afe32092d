import { h } from "../shared/dom";
import { errorMessage } from "../shared/errors";
import type { Summary } from "./AgentApi";
import { Modal } from "./Modal";
import type { WorkspaceTexts } from "./texts";

export interface CloseChoice {
  summaryIds: number[];
  comment?: string;
}

/**
 * Closing a session: the tenant's summary tree as nested checkboxes (`data-kefu="summary"`), a comment,
 * and `close-confirm`, which waits for a summary when the tenant requires one.
 */
export class CloseDialog {
  private readonly modal: Modal;
  private readonly note: HTMLParagraphElement;
  private readonly tree: HTMLDivElement;
  private readonly comment: HTMLTextAreaElement;
  private required = false;

  constructor(private readonly t: WorkspaceTexts, private readonly summaries: () => Promise<Summary[]>) {
    this.modal = new Modal("ws-close", t.closeTitle, t.closeDo, t.cancel, t.cancel, "close-confirm", t.closing);
    this.note = h("p", { class: "note", id: "ws-close-note" });
    this.tree = h("div", { class: "tree", role: "group", "aria-labelledby": "ws-close-summary", "aria-describedby": "ws-close-note" });
    this.comment = h("textarea", { id: "ws-close-comment", rows: 3, maxlength: 1000 });
    this.modal.body.append(
      h("h3", { class: "label", id: "ws-close-summary" }, t.summary),
      this.note,
      this.tree,
      h("label", { class: "label", for: "ws-close-comment" }, t.comment),
      this.comment,
    );
    this.tree.addEventListener("change", () => this.sync());
  }

  open(required: boolean, close: (choice: CloseChoice) => Promise<void>): void {
    this.required = required;
    this.note.textContent = required ? this.t.summaryRequired : this.t.summaryOptional;
    this.note.classList.toggle("required", required);
    this.comment.value = "";
    this.tree.replaceChildren(h("p", { class: "muted", role: "status" }, this.t.loading));
    this.modal.action = async () => {
      const summaryIds = Array.from(this.tree.querySelectorAll<HTMLInputElement>("input:checked"), (i) => Number(i.value));
      const comment = this.comment.value.trim();
      await close({ summaryIds, comment: comment || undefined });
    };
    this.sync();
    this.modal.show();
    void this.summaries().then(
      (all) => {
        this.tree.replaceChildren(all.length ? this.branch(all, 0) : h("p", { class: "muted" }, this.t.noSummaries));
        this.sync();
      },
      (e) => this.tree.replaceChildren(h("p", { class: "merror" }, errorMessage(e))),
    );
  }

  private branch(all: Summary[], parentId: number): HTMLUListElement {
    const ids = new Set(all.map((s) => s.id));
    const children = all.filter((s) => s.parentId === parentId || (parentId === 0 && s.parentId !== 0 && !ids.has(s.parentId)));
    return h(
      "ul",
      {},
      ...children.map((s) => {
        const grand = all.some((c) => c.parentId === s.id);
        return h(
          "li",
          {},
          h("label", { class: "check" }, h("input", { type: "checkbox", value: s.id, "data-kefu": "summary", "data-summary-id": s.id }), h("span", {}, s.name)),
          grand ? this.branch(all, s.id) : null,
        );
      }),
    );
  }

  private sync(): void {
    this.modal.confirm.disabled = this.required && !this.tree.querySelector("input:checked");
  }
}

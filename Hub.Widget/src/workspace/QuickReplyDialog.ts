import { h, icon } from "../shared/dom";
import { errorMessage } from "../shared/errors";
import { format } from "../shared/i18n";
import type { QuickReply } from "./AgentApi";
import { ICONS } from "./icons";
import { Modal } from "./Modal";
import { searchReplies, type QuickReplyBook } from "./QuickReplyBook";
import type { WorkspaceTexts } from "./texts";

const MAX_GROUP = 50;
const MAX_TEXT = 2000;

/**
 * The agent's quick replies (`data-kefu="my-quick-replies"`), reached from the composer's popover: its
 * personal ones to add, edit and delete in place, and the team's (tenant-wide) ones apart, read-only.
 * One search covers both.
 */
export class QuickReplyDialog {
  private readonly modal: Modal;
  private readonly search: HTMLInputElement;
  private readonly mine: HTMLUListElement;
  private readonly team: HTMLUListElement;
  private readonly mineCount: HTMLSpanElement;
  private readonly teamCount: HTMLSpanElement;
  private readonly addBtn: HTMLButtonElement;
  private readonly groups: HTMLDataListElement;
  /** The reply being edited ("new" for one being added) and its editor, kept across searches. */
  private editing: { id: number | "new"; el: HTMLLIElement } | null = null;
  private confirming: number | null = null;
  private loaded = false;

  constructor(private readonly t: WorkspaceTexts, private readonly book: QuickReplyBook) {
    this.modal = new Modal("ws-quick-manage", t.myQuickReplies, t.done, null, t.closeDialog, "quick-done", t.done);
    this.modal.el.dataset.kefu = "my-quick-replies";
    this.modal.el.classList.add("quick-manage");
    this.search = h("input", { type: "search", class: "qsearch", "data-kefu": "quick-search", "aria-label": t.quickSearch, placeholder: t.quickSearch });
    this.search.addEventListener("input", () => this.render());
    // Enter in the search box would submit the dialog's form, which closes it.
    this.search.addEventListener("keydown", (e) => e.key === "Enter" && e.preventDefault());
    this.mineCount = h("span", { class: "count" });
    this.teamCount = h("span", { class: "count" });
    this.addBtn = h("button", { class: "btn small", type: "button", "data-kefu": "quick-new", onclick: () => this.edit("new") }, icon(ICONS.plus, 16), t.newReply);
    this.mine = h("ul", { class: "qrows", "aria-labelledby": "ws-qm-mine" });
    this.team = h("ul", { class: "qrows", "aria-labelledby": "ws-qm-team", "aria-describedby": "ws-qm-team-note" });
    this.groups = h("datalist", { id: "ws-qm-groups" });
    this.modal.body.append(
      this.search,
      h("section", { class: "qsection" }, h("div", { class: "qshead" }, h("h3", { class: "qstitle", id: "ws-qm-mine" }, t.myReplies, this.mineCount), this.addBtn), this.mine),
      h(
        "section",
        { class: "qsection" },
        h("div", { class: "qshead" }, h("h3", { class: "qstitle", id: "ws-qm-team" }, icon(ICONS.lock, 14), t.teamReplies, this.teamCount)),
        h("p", { class: "fhint", id: "ws-qm-team-note" }, t.teamRepliesNote),
        this.team,
      ),
      this.groups,
    );
  }

  open(): void {
    this.editing = null;
    this.confirming = null;
    this.loaded = false;
    this.search.value = "";
    this.render();
    this.modal.show();
    this.search.focus();
    // Read again: the team's replies may have changed since the workspace opened.
    void this.book.all(true).then(
      (all) => {
        this.loaded = true;
        if (all === null) this.modal.setError(this.t.quickUnavailable);
        this.render();
      },
      (error) => this.modal.setError(errorMessage(error)),
    );
  }

  private render(): void {
    const t = this.t;
    this.addBtn.disabled = !this.loaded;
    if (!this.loaded) {
      this.mine.replaceChildren(h("li", { class: "muted", role: "status" }, t.loading));
      this.team.replaceChildren();
      return;
    }
    const query = this.search.value;
    const mine = searchReplies(this.book.personal, query);
    const team = searchReplies(this.book.shared, query);
    this.mineCount.textContent = String(mine.length);
    this.teamCount.textContent = String(team.length);
    const editor = this.editing;
    const mineRows: HTMLLIElement[] = mine.map((r) => (editor?.id === r.id ? editor.el : this.row(r)));
    if (editor?.id === "new") mineRows.unshift(editor.el);
    else if (editor && !mine.some((r) => r.id === editor.id)) mineRows.unshift(editor.el);
    this.mine.replaceChildren(...(mineRows.length ? mineRows : [h("li", { class: "qempty" }, query.trim() ? t.noQuickReplies : t.noPersonalReplies)]));
    this.team.replaceChildren(...(team.length ? team.map((r) => this.row(r)) : [h("li", { class: "qempty" }, query.trim() ? t.noQuickReplies : t.noTeamReplies)]));
    this.groups.replaceChildren(...[...new Set(this.book.personal.map((r) => r.group ?? "").filter(Boolean))].map((g) => h("option", { value: g })));
  }

  private row(r: QuickReply): HTMLLIElement {
    const t = this.t;
    const snippet = r.text.length > 40 ? `${r.text.slice(0, 40)}…` : r.text;
    const li = h(
      "li",
      { class: "qrow", "data-kefu": "quick-item", "data-reply-id": r.id, "data-personal": String(r.personal) },
      h("div", { class: "qrow-main" }, r.group ? h("span", { class: "qgroup" }, r.group) : null, h("p", { class: "qrow-text" }, r.text)),
    );
    if (!r.personal) return li;
    if (this.confirming === r.id) {
      const yes = h("button", { class: "btn small danger", type: "button", "data-kefu": "quick-delete-confirm" }, t.deleteReply);
      yes.addEventListener("click", () => void this.remove(r, yes));
      const no = h("button", { class: "btn small", type: "button", onclick: () => this.confirm(null, r.id) }, t.cancel);
      li.append(h("div", { class: "qconfirm", role: "group", "aria-label": t.deleteConfirm }, h("span", {}, t.deleteConfirm), no, yes));
      li.addEventListener("keydown", (e) => {
        if (e.key !== "Escape") return;
        e.preventDefault();
        this.confirm(null, r.id);
      });
      return li;
    }
    li.append(
      h(
        "div",
        { class: "qrow-actions" },
        h("button", { class: "icon-btn", type: "button", "data-kefu": "quick-edit", "aria-label": format(t.editReplyLabel, { text: snippet }), title: t.edit, onclick: () => this.edit(r.id) }, icon(ICONS.edit, 18)),
        h("button", { class: "icon-btn danger", type: "button", "data-kefu": "quick-delete", "aria-label": format(t.deleteReplyLabel, { text: snippet }), title: t.deleteReply, onclick: () => this.confirm(r.id, r.id) }, icon(ICONS.trash, 18)),
      ),
    );
    return li;
  }

  /** Asks to confirm deleting `id` (null: not any more), keeping focus on the row of `rowId`. */
  private confirm(id: number | null, rowId: number): void {
    this.confirming = id;
    this.render();
    this.focusIn(rowId, id === null ? "[data-kefu=quick-delete]" : "[data-kefu=quick-delete-confirm]");
  }

  private edit(id: number | "new"): void {
    const t = this.t;
    const reply = id === "new" ? null : this.book.personal.find((r) => r.id === id);
    const group = h("input", { id: "ws-qm-group", type: "text", list: this.groups.id, maxlength: MAX_GROUP, "data-kefu": "quick-group", autocomplete: "off" });
    const text = h("textarea", { id: "ws-qm-text", rows: 4, maxlength: MAX_TEXT, "data-kefu": "quick-text", required: true, "aria-describedby": "ws-qm-text-hint" });
    group.value = reply?.group ?? "";
    text.value = reply?.text ?? "";
    const error = h("p", { class: "merror", role: "alert", hidden: true });
    const save = h("button", { class: "btn small primary", type: "button", "data-kefu": "quick-save", disabled: !text.value.trim() }, t.save);
    const cancel = h("button", { class: "btn small", type: "button", onclick: () => this.stopEditing(id) }, t.cancel);
    const el = h(
      "li",
      { class: "qedit", "data-kefu": "quick-editor" },
      h("label", { class: "flabel", for: group.id }, t.replyGroup),
      group,
      h("label", { class: "flabel", for: text.id }, t.replyText),
      text,
      h("p", { class: "fhint", id: "ws-qm-text-hint" }, t.replyTextHint),
      error,
      h("div", { class: "qedit-actions" }, cancel, save),
    );
    text.addEventListener("input", () => (save.disabled = !text.value.trim()));
    const run = () => void this.save(id, group.value, text.value, save, error);
    save.addEventListener("click", run);
    el.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        // The editor closes, not the dialog.
        e.preventDefault();
        this.stopEditing(id);
      } else if (e.key === "Enter" && (e.target === group || e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        if (!save.disabled) run();
      }
    });
    this.editing = { id, el };
    this.confirming = null;
    this.render();
    (reply ? text : group).focus();
  }

  private stopEditing(id: number | "new"): void {
    this.editing = null;
    this.render();
    if (id === "new") this.addBtn.focus();
    else this.focusIn(id, "[data-kefu=quick-edit]");
  }

  private async save(id: number | "new", group: string, text: string, button: HTMLButtonElement, error: HTMLElement): Promise<void> {
    if (button.hasAttribute("data-busy")) return;
    button.setAttribute("data-busy", "");
    button.setAttribute("aria-busy", "true");
    button.textContent = this.t.saving;
    error.hidden = true;
    try {
      const saved = id === "new" ? await this.book.add(group, text) : await this.book.edit(id, group, text);
      this.editing = null;
      // A new reply the search would hide is shown anyway: the agent just wrote it.
      if (!searchReplies([saved], this.search.value).length) this.search.value = "";
      this.render();
      this.focusIn(saved.id, "[data-kefu=quick-edit]");
    } catch (e) {
      error.textContent = errorMessage(e);
      error.hidden = false;
      button.removeAttribute("data-busy");
      button.setAttribute("aria-busy", "false");
      button.textContent = this.t.save;
    }
  }

  private async remove(r: QuickReply, button: HTMLButtonElement): Promise<void> {
    if (button.hasAttribute("data-busy")) return;
    const next = (this.mine.querySelector(`[data-reply-id="${r.id}"]`)?.nextElementSibling ?? null) as HTMLElement | null;
    const nextId = Number(next?.dataset.replyId ?? NaN);
    button.setAttribute("data-busy", "");
    button.setAttribute("aria-busy", "true");
    button.textContent = this.t.deleting;
    try {
      await this.book.remove(r.id);
      this.confirming = null;
      this.render();
      if (Number.isFinite(nextId)) this.focusIn(nextId, "[data-kefu=quick-edit]");
      else this.addBtn.focus();
    } catch (e) {
      this.modal.setError(errorMessage(e));
      button.removeAttribute("data-busy");
      button.setAttribute("aria-busy", "false");
      button.textContent = this.t.deleteReply;
    }
  }

  private focusIn(replyId: number, selector: string): void {
    (this.mine.querySelector(`[data-reply-id="${replyId}"] ${selector}`) as HTMLElement | null)?.focus();
  }
}

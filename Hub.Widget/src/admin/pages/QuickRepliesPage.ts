import { h } from "../../shared/dom";
import { format } from "../../shared/i18n";
import {
  button, charCounter, confirmAction, emptyState, field, formDialog, input, lengthError, load, nextId, pageHeader, pill, setFieldError, svgIcon, textarea,
  type PageContext, type PageHandle,
} from "../ui";

const MAX_GROUP = 50;
const MAX_TEXT = 2000;
const MAX_SEARCH = 100;

export interface QuickReply {
  id: number;
  group: string;
  text: string;
  personal: boolean;
}

/**
 * The tenant-wide replies in groups, in the order the hub lists them (by group, then id); the
 * administrator's own personal replies belong to the workspace and are left out.
 */
export function groupQuickReplies(replies: readonly QuickReply[]): { group: string; replies: QuickReply[] }[] {
  const groups = new Map<string, QuickReply[]>();
  for (const reply of replies) {
    if (reply.personal) continue;
    const list = groups.get(reply.group) ?? [];
    list.push(reply);
    groups.set(reply.group, list);
  }
  return Array.from(groups, ([group, list]) => ({ group, replies: list }));
}

/** The start of a reply on one line, to name it in buttons and dialogs. */
export function excerpt(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const chars = Array.from(flat);
  return chars.length > max ? `${chars.slice(0, max).join("")}…` : flat;
}

/** Tenant-wide quick replies (常用语): grouped, searched by the hub (`q`), create, edit, delete. */
export function quickRepliesPage(ctx: PageContext): PageHandle {
  const { t, api } = ctx;
  let q = "";
  let groups: string[] = [];
  const search = input({ type: "search", placeholder: t.searchQuickReplies, "aria-label": t.searchQuickReplies, class: "input input-search", maxlength: MAX_SEARCH, "data-kefu": "quick-reply-search" });
  const create = button(t.newQuickReply, { kind: "primary", icon: "add", attrs: { "data-kefu": "quick-reply-create" } });
  const count = h("span", { class: "muted small", role: "status" });
  const body = h("div", { class: "stack" });
  const el = h(
    "div",
    { class: "page", "data-kefu": "quick-replies" },
    pageHeader(t.quickReplies, t.quickRepliesIntro, create),
    h("div", { class: "toolbar" }, h("div", { class: "search-box" }, svgIcon("search", 18), search), count),
    body,
  );

  const refresh = () => {
    count.textContent = "";
    return load(ctx, body, async () => {
      const replies = (await api.get("/quickReplies", { q })).entities as QuickReply[];
      const grouped = groupQuickReplies(replies);
      const total = grouped.reduce((n, g) => n + g.replies.length, 0);
      count.textContent = total === 1 ? t.oneReply : format(t.repliesCount, { n: total });
      if (!q) groups = grouped.map((g) => g.group).filter(Boolean);
      if (total === 0) {
        return h("div", { class: "card" }, q
          ? emptyState(t.noQuickRepliesFound, "search")
          : emptyState(t.noQuickReplies, "bolt", button(t.newQuickReply, { icon: "add", onClick: () => replyDialog(null) })));
      }
      return h("div", { class: "stack" }, ...grouped.map((g) => groupCard(g.group, g.replies)));
    });
  };

  const groupCard = (group: string, replies: QuickReply[]) => {
    const titleId = nextId("g");
    return h(
      "section",
      { class: "card card-flush reply-group", "aria-labelledby": titleId, "data-group": group },
      h(
        "div",
        { class: "reply-group-head" },
        h("h2", { class: `card-title${group ? "" : " muted"}`, id: titleId }, group || t.ungrouped),
        pill(replies.length === 1 ? t.oneReply : format(t.repliesCount, { n: replies.length }), "plain"),
      ),
      h("ul", { class: "reply-list" }, ...replies.map(replyRow)),
    );
  };

  const replyRow = (reply: QuickReply) => {
    const short = excerpt(reply.text);
    return h(
      "li",
      { class: "reply", "data-quick-reply-id": reply.id },
      h("p", { class: "reply-text" }, reply.text),
      h(
        "div",
        { class: "row-actions" },
        button(format(t.editQuickReplyOf, { text: short }), { iconOnly: true, icon: "edit", kind: "ghost", small: true, attrs: { "data-action": "edit" }, onClick: () => replyDialog(reply) }),
        button(format(t.deleteQuickReplyOf, { text: short }), {
          iconOnly: true, icon: "delete", kind: "danger-ghost", small: true, attrs: { "data-action": "delete" },
          onClick: () => confirmAction(t, t.deleteQuickReply, `“${short}” — ${t.deleteQuickReplyText}`, t.delete, t.deleting, async () => {
            await api.delete(`/quickReplies/${reply.id}`);
            ctx.toast(t.deleted);
            void refresh();
          }),
        }),
      ),
    );
  };

  const replyDialog = (reply: QuickReply | null) => {
    const listId = nextId("groups");
    const group = input({ value: reply?.group ?? "", name: "group", autocomplete: "off", list: listId });
    const text = textarea({ name: "text", rows: 6 });
    text.value = reply?.text ?? "";
    const textField = field(t.replyText, text, { required: true });
    textField.append(charCounter(t, text, MAX_TEXT));
    formDialog(t, {
      title: reply ? t.editQuickReply : t.newQuickReply,
      size: "wide",
      content: h(
        "div",
        { class: "form-stack" },
        field(t.replyGroup, group, { hint: t.replyGroupHint }),
        h("datalist", { id: listId }, ...groups.map((g) => h("option", { value: g }))),
        textField,
      ),
      submitLabel: reply ? t.save : t.create,
      busyLabel: t.saving,
      validate: () => {
        const problems: [HTMLElement, string | null][] = [
          [group, lengthError(t, group.value, MAX_GROUP)],
          [text, text.value.trim() ? lengthError(t, text.value, MAX_TEXT) : t.required],
        ];
        problems.forEach(([control, message]) => setFieldError(control, message));
        return problems.every(([, message]) => message === null);
      },
      submit: async () => {
        const request = { group: group.value.trim(), text: text.value.trim() };
        if (reply) await api.put(`/quickReplies/${reply.id}`, request);
        else await api.post("/quickReplies", { ...request, personal: false });
        ctx.toast(t.quickReplySaved);
        void refresh();
      },
    });
  };

  let debounce: number | undefined;
  search.addEventListener("input", () => {
    window.clearTimeout(debounce);
    debounce = window.setTimeout(() => {
      q = search.value.trim();
      void refresh();
    }, 300);
  });
  create.addEventListener("click", () => replyDialog(null));
  void refresh();
  return { el, dispose: () => window.clearTimeout(debounce) };
}

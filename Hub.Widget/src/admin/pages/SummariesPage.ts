import { h } from "../../shared/dom";
import { format } from "../../shared/i18n";
import {
  button, colorToHex, confirmAction, emptyState, field, formDialog, hexToColor, input, load, pageHeader, select, setFieldError, type PageContext, type PageHandle,
} from "../ui";

interface Summary {
  id: number;
  name: string;
  color: number;
  parentId: number;
}

/** The summary tree agents close sessions with: add at any level, rename, recolour, move, delete (with its branch). */
export function summariesPage(ctx: PageContext): PageHandle {
  const { t, api } = ctx;
  const create = button(t.newSummary, { kind: "primary", icon: "add", attrs: { "data-kefu": "summary-create" } });
  const body = h("div", { class: "card" });
  const el = h("div", { class: "page", "data-kefu": "summaries" }, pageHeader(t.summaries, t.summariesIntro, create), body);
  let all: Summary[] = [];

  const children = (id: number) => all.filter((s) => s.parentId === id && s.id !== id);
  const descendants = (id: number): number[] => children(id).flatMap((c) => [c.id, ...descendants(c.id)]);

  const refresh = () =>
    load(ctx, body, async () => {
      all = (await api.get("/summaries")).entities as Summary[];
      const known = new Set(all.map((s) => s.id));
      // Orphans (a parent deleted elsewhere) show at the top level rather than vanish.
      const roots = all.filter((s) => s.parentId === 0 || !known.has(s.parentId) || s.parentId === s.id);
      if (roots.length === 0) return emptyState(t.noSummaries, "tree", button(t.newSummary, { icon: "add", onClick: () => summaryDialog(null, 0) }));
      return h("ul", { class: "tree", "aria-label": t.summaries }, ...roots.map((s) => node(s, new Set())));
    });

  const node = (s: Summary, seen: Set<number>): HTMLElement => {
    seen.add(s.id);
    const kids = children(s.id).filter((c) => !seen.has(c.id));
    const dot = h("span", { class: "dot", "aria-hidden": "true" });
    dot.style.background = colorToHex(s.color);
    const row = h(
      "div",
      { class: "tree-row" },
      dot,
      h("span", { class: "tree-name" }, s.name),
      h(
        "span",
        { class: "row-actions" },
        button(format(t.addChild, { name: s.name }), { iconOnly: true, icon: "add", kind: "ghost", small: true, attrs: { "data-action": "add-child" }, onClick: () => summaryDialog(null, s.id) }),
        button(`${t.edit} ${s.name}`, { iconOnly: true, icon: "edit", kind: "ghost", small: true, attrs: { "data-action": "edit" }, onClick: () => summaryDialog(s, s.parentId) }),
        button(format(t.deleteSummary, { name: s.name }), {
          iconOnly: true, icon: "delete", kind: "danger-ghost", small: true, attrs: { "data-action": "delete" },
          onClick: () => {
            const n = descendants(s.id).length;
            confirmAction(t, format(t.deleteSummary, { name: s.name }), n ? format(t.deleteSummaryText, { n }) : t.deleteSummaryLeaf, t.delete, t.deleting, async () => {
              await api.delete(`/summaries/${s.id}`);
              ctx.toast(t.deleted);
              void refresh();
            });
          },
        }),
      ),
    );
    return h(
      "li",
      { "data-summary-id": s.id },
      row,
      kids.length ? h("ul", {}, ...kids.map((c) => node(c, seen))) : null,
    );
  };

  /** `summary` null creates one under `parentId`. */
  const summaryDialog = (summary: Summary | null, parentId: number) => {
    const name = input({ value: summary?.name ?? "", maxlength: 100, name: "name", autocomplete: "off" });
    const color = input({ type: "color", value: colorToHex(summary?.color ?? 0x2563eb), name: "color", class: "input-color" });
    const excluded = summary ? new Set([summary.id, ...descendants(summary.id)]) : new Set<number>();
    const options: [string, string][] = [["0", t.rootLevel]];
    const walk = (id: number, depth: number) => {
      for (const c of children(id)) {
        if (excluded.has(c.id) || depth > 20) continue;
        options.push([String(c.id), `${"\u00a0\u00a0".repeat(depth)}${c.name}`]);
        walk(c.id, depth + 1);
      }
    };
    walk(0, 0);
    const parent = select(options, String(parentId), { name: "parentId" });
    formDialog(t, {
      title: summary ? t.editSummary : t.newSummary,
      content: h("div", { class: "form-stack" }, field(t.name, name, { required: true }), field(t.parent, parent), field(t.color, color)),
      submitLabel: summary ? t.save : t.create,
      busyLabel: t.saving,
      validate: () => {
        setFieldError(name, name.value.trim() ? null : t.required);
        return !!name.value.trim();
      },
      submit: async () => {
        const request = { name: name.value.trim(), color: hexToColor(color.value), parentId: Number(parent.value) };
        if (summary) await api.put(`/summaries/${summary.id}`, request);
        else await api.post("/summaries", request);
        ctx.toast(format(t.summarySaved, { name: request.name }));
        void refresh();
      },
    });
  };

  create.addEventListener("click", () => summaryDialog(null, 0));
  void refresh();
  return { el };
}

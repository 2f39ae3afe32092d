import { h } from "../../shared/dom";
import { format } from "../../shared/i18n";
import {
  button, cell, colorToHex, confirmAction, emptyState, field, formDialog, hexToColor, input, load, pageHeader, setFieldError, table, type PageContext, type PageHandle,
} from "../ui";

interface VisitorTag {
  id: number;
  name: string;
  color: number;
}

/** The labels agents put on visitors. */
export function tagsPage(ctx: PageContext): PageHandle {
  const { t, api } = ctx;
  const create = button(t.newTag, { kind: "primary", icon: "add", attrs: { "data-kefu": "tag-create" } });
  const body = h("div", { class: "card card-flush" });
  const el = h("div", { class: "page", "data-kefu": "visitor-tags" }, pageHeader(t.visitorTags, t.tagsIntro, create), body);

  const refresh = () =>
    load(ctx, body, async () => {
      const tags = (await api.get("/visitorTags")).entities as VisitorTag[];
      if (tags.length === 0) return emptyState(t.noTags, "tag", button(t.newTag, { icon: "add", onClick: () => tagDialog(null) }));
      return table(
        [t.name, t.color, { label: t.actions, className: "col-actions" }],
        tags.map((tag) => {
          const chip = h("span", { class: "tag-chip" }, tag.name);
          chip.style.setProperty("--tag", colorToHex(tag.color));
          return h(
            "tr",
            { "data-tag-id": tag.id },
            cell(chip),
            cell(h("code", {}, colorToHex(tag.color))),
            h(
              "td",
              { class: "col-actions" },
              h(
                "div",
                { class: "row-actions" },
                button(`${t.edit} ${tag.name}`, { iconOnly: true, icon: "edit", kind: "ghost", small: true, attrs: { "data-action": "edit" }, onClick: () => tagDialog(tag) }),
                button(format(t.deleteTag, { name: tag.name }), {
                  iconOnly: true, icon: "delete", kind: "danger-ghost", small: true, attrs: { "data-action": "delete" },
                  onClick: () => confirmAction(t, format(t.deleteTag, { name: tag.name }), t.deleteTagText, t.delete, t.deleting, async () => {
                    await api.delete(`/visitorTags/${tag.id}`);
                    ctx.toast(t.deleted);
                    void refresh();
                  }),
                }),
              ),
            ),
          );
        }),
        t.visitorTags,
      );
    });

  const tagDialog = (tag: VisitorTag | null) => {
    const name = input({ value: tag?.name ?? "", maxlength: 100, name: "name", autocomplete: "off" });
    const color = input({ type: "color", value: colorToHex(tag?.color ?? 0x16a34a), name: "color", class: "input-color" });
    formDialog(t, {
      title: tag ? t.editTag : t.newTag,
      content: h("div", { class: "form-stack" }, field(t.name, name, { required: true }), field(t.color, color)),
      submitLabel: tag ? t.save : t.create,
      busyLabel: t.saving,
      validate: () => {
        setFieldError(name, name.value.trim() ? null : t.required);
        return !!name.value.trim();
      },
      submit: async () => {
        const request = { name: name.value.trim(), color: hexToColor(color.value) };
        if (tag) await api.put(`/visitorTags/${tag.id}`, request);
        else await api.post("/visitorTags", request);
        ctx.toast(format(t.tagSaved, { name: request.name }));
        void refresh();
      },
    });
  };

  create.addEventListener("click", () => tagDialog(null));
  void refresh();
  return { el };
}

import { h } from "../../shared/dom";
import { format } from "../../shared/i18n";
import type { ConsoleTexts } from "../texts";
import {
  ADMIN_ROLE, button, cell, charCounter, confirmAction, field, formDialog, input, lengthError, listAllAgents, load, nextId, pageHeader, pill, PERMISSIONS, roleIdOf, setFieldError,
  svgIcon, table, textarea, type PageContext, type PageHandle, type Permission, type Role,
} from "../ui";

const MAX_NAME = 100;
const MAX_DESCRIPTION = 200;

const TONES: Record<Permission, string> = { admin: "violet", history: "blue", leaveMessages: "amber", monitoring: "green" };

export function permissionLabel(t: ConsoleTexts, permission: Permission): { label: string; hint: string } {
  switch (permission) {
    case "admin":
      return { label: t.permissionAdmin, hint: t.permissionAdminHint };
    case "history":
      return { label: t.permissionHistory, hint: t.permissionHistoryHint };
    case "leaveMessages":
      return { label: t.permissionLeaveMessages, hint: t.permissionLeaveMessagesHint };
    case "monitoring":
      return { label: t.permissionMonitoring, hint: t.permissionMonitoringHint };
  }
}

/** The name an agent's role is shown by: the system roles in the console's language, a custom one by its own name. */
export function roleLabel(t: ConsoleTexts, role: Pick<Role, "role_id" | "role_name" | "role_type">): string {
  if (role.role_type !== "SYSTEM") return role.role_name;
  return role.role_id === ADMIN_ROLE ? t.roleAdmin : t.roleAgent;
}

/** The system roles (read-only) and the tenant's custom roles (自定义角色): create, edit, delete. */
export function rolesPage(ctx: PageContext): PageHandle {
  const { t, api } = ctx;
  const create = button(t.newRole, { kind: "primary", icon: "add", attrs: { "data-kefu": "role-create" } });
  const body = h("div", { class: "card card-flush" });
  const el = h("div", { class: "page", "data-kefu": "roles" }, pageHeader(t.roles, t.rolesIntro, create), body);

  const refresh = () =>
    load(ctx, body, async () => {
      const [roles, agents] = await Promise.all([api.get("/roles").then((b) => b.entities as Role[]), listAllAgents(api)]);
      const holders = new Map<number, number>();
      for (const a of agents) holders.set(roleIdOf(a), (holders.get(roleIdOf(a)) ?? 0) + 1);
      const custom = roles.filter((r) => r.role_type !== "SYSTEM");
      return h(
        "div",
        {},
        table(
          [t.role, t.roleType, t.permissions, t.roleHolders, { label: t.actions, className: "col-actions" }],
          roles.map((r) => row(r, holders.get(r.role_id) ?? 0)),
          t.roles,
        ),
        custom.length === 0
          ? h("div", { class: "table-note" }, svgIcon("shield", 18), h("p", {}, t.noCustomRoles), button(t.newRole, { icon: "add", small: true, onClick: () => roleDialog(null) }))
          : null,
      );
    });

  const row = (r: Role, held: number) => {
    const system = r.role_type === "SYSTEM";
    const name = roleLabel(t, r);
    const permissions = r.permissions.length
      ? h("div", { class: "pills" }, ...r.permissions.map((p) => pill(permissionLabel(t, p).label, TONES[p])))
      : h("span", { class: "muted" }, t.servesOnly);
    const actions = system
      ? h("span", { class: "read-only", title: t.roleReadOnly }, svgIcon("lock", 16), h("span", { class: "vh" }, t.roleReadOnly))
      : h(
          "div",
          { class: "row-actions" },
          button(format(t.editRole, { name }), { iconOnly: true, icon: "edit", kind: "ghost", small: true, attrs: { "data-action": "edit" }, onClick: () => roleDialog(r) }),
          button(format(t.deleteRole, { name }), {
            iconOnly: true, icon: "delete", kind: "danger-ghost", small: true, attrs: { "data-action": "delete" },
            onClick: () => confirmAction(t, format(t.deleteRole, { name }), held ? format(t.deleteRoleHeld, { n: held }) : t.deleteRoleText, t.delete, t.deleting, async () => {
              await api.delete(`/roles/${r.role_id}`);
              ctx.toast(t.deleted);
              void refresh();
            }),
          }),
        );
    return h(
      "tr",
      { "data-role-id": r.role_id, "data-role-type": r.role_type },
      cell(h("span", { class: "strong" }, name), r.role_description && !system ? h("span", { class: "muted small role-description" }, r.role_description) : null),
      cell(pill(system ? t.roleSystem : t.roleCustom, system ? "muted" : "blue")),
      cell(permissions),
      cell(h("span", { class: "tabular" }, String(held))),
      h("td", { class: "col-actions" }, actions),
    );
  };

  const roleDialog = (role: Role | null) => {
    const name = input({ value: role?.role_name ?? "", name: "role_name", autocomplete: "off" });
    const description = textarea({ name: "role_description", rows: 2 });
    description.value = role?.role_description ?? "";
    const boxes = PERMISSIONS.map((p) => {
      const box = h("input", { type: "checkbox", name: "permissions", value: p, id: nextId("p") });
      box.checked = role?.permissions.includes(p) ?? false;
      const { label, hint } = permissionLabel(t, p);
      const hintId = `${box.id}-hint`;
      box.setAttribute("aria-describedby", hintId);
      return { box, el: h("li", {}, h("label", { class: "check perm-option" }, box, h("span", { class: "perm-text" }, h("span", { class: "strong" }, label), h("span", { class: "hint", id: hintId }, hint)))) };
    });
    const descriptionField = field(t.roleDescription, description);
    descriptionField.append(charCounter(t, description, MAX_DESCRIPTION));
    formDialog(t, {
      title: role ? format(t.editRole, { name: role.role_name }) : t.newRole,
      content: h(
        "div",
        { class: "form-stack" },
        field(t.roleName, name, { required: true }),
        descriptionField,
        h("fieldset", { class: "fieldset" }, h("legend", {}, t.permissions), h("p", { class: "hint" }, t.permissionsHint), h("ul", { class: "perm-list" }, ...boxes.map((b) => b.el))),
      ),
      submitLabel: role ? t.save : t.create,
      busyLabel: t.saving,
      validate: () => {
        const problems: [HTMLElement, string | null][] = [
          [name, name.value.trim() ? lengthError(t, name.value, MAX_NAME) : t.required],
          [description, lengthError(t, description.value, MAX_DESCRIPTION)],
        ];
        problems.forEach(([control, message]) => setFieldError(control, message));
        return problems.every(([, message]) => message === null);
      },
      submit: async () => {
        const request = {
          role_name: name.value.trim(),
          role_description: description.value.trim(),
          permissions: boxes.filter((b) => b.box.checked).map((b) => b.box.value),
        };
        if (role) await api.put(`/roles/${role.role_id}`, request);
        else await api.post("/roles", request);
        ctx.toast(format(t.roleSaved, { name: request.role_name }));
        void refresh();
      },
    });
  };

  create.addEventListener("click", () => roleDialog(null));
  void refresh();
  return { el };
}

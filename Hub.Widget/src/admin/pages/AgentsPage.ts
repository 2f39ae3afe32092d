import { h } from "../../shared/dom";
import { format } from "../../shared/i18n";
import {
  ADMIN_ROLE, AGENT_ROLE, button, cell, confirmAction, emptyState, errorText, field, formDialog, input, load, pageHeader, pager, pill, randomSecret, roleIdOf, select, setFieldError,
  statePill, svgIcon, table, withProgress, type AgentSummary, type PageContext, type PageHandle, type Role,
} from "../ui";
import { roleLabel } from "./RolesPage";

const SIZES = ["10", "20", "50"];

/** Easemob's agent list: search, create, edit, roles, max sessions, enable/disable, reset password, delete. */
export function agentsPage(ctx: PageContext): PageHandle {
  const { t, api } = ctx;
  let page = 0;
  let size = 10;
  let keyValue = "";
  const search = input({ type: "search", placeholder: t.searchAgents, "aria-label": t.searchAgents, class: "input input-search", "data-kefu": "agent-search" });
  const sizeSelect = select(SIZES.map((s) => [s, s]), "10", { "aria-label": t.perPage });
  const create = button(t.newAgent, { kind: "primary", icon: "add", attrs: { "data-kefu": "agent-create" } });
  const list = h("div", { class: "card card-flush" });
  // The system roles and the tenant's custom ones, read with each page of agents.
  let roles: Role[] = [];
  const el = h(
    "div",
    { class: "page", "data-kefu": "agents" },
    pageHeader(t.agents, t.agentsIntro, create),
    h("div", { class: "toolbar" }, h("div", { class: "search-box" }, svgIcon("search", 18), search), h("label", { class: "inline-label" }, t.perPage, sizeSelect)),
    list,
  );

  const refresh = () =>
    load(ctx, list, async () => {
      const [body, allRoles] = await Promise.all([api.get("/agents", { page, size, keyValue }), api.get("/roles")]);
      roles = allRoles.entities as Role[];
      const agents = body.entities as AgentSummary[];
      if (agents.length === 0 && page > 0 && body.totalElements > 0) {
        page = Math.max(0, body.totalPages - 1);
        void refresh();
        return h("div");
      }
      if (agents.length === 0) return emptyState(keyValue ? t.noAgentsFound : t.noAgents, "agents");
      const from = page * size + 1;
      return h(
        "div",
        {},
        table(
          [t.agent, t.role, t.status, t.state, t.maxSessions, t.contact, t.createdAt, { label: t.actions, className: "col-actions" }],
          agents.map((a) => row(a)),
          t.agents,
        ),
        pager(t, { page: page + 1, pages: body.totalPages, hasNext: !body.last, summary: format(t.rangeOf, { from, to: from + agents.length - 1, total: body.totalElements }) }, (p) => {
          page = p - 1;
          void refresh();
        }),
      );
    });

  const row = (a: AgentSummary) => {
    const enabled = a.status !== "Disable";
    const roleId = roleIdOf(a);
    const role = roles.find((r) => r.role_id === roleId);
    const name = a.nicename || a.username;
    const actions = h(
      "div",
      { class: "row-actions" },
      button(format(t.editAgent, { name }), { iconOnly: true, icon: "edit", kind: "ghost", small: true, attrs: { "data-action": "edit" }, onClick: () => agentDialog(ctx, a, roles, refresh) }),
      button(format(t.resetPasswordOf, { name }), { iconOnly: true, icon: "key", kind: "ghost", small: true, attrs: { "data-action": "password" }, onClick: () => passwordDialog(ctx, a) }),
      enabled
        ? button(`${t.disable} ${name}`, {
            iconOnly: true, icon: "block", kind: "ghost", small: true, attrs: { "data-action": "disable" },
            onClick: () => confirmAction(t, `${t.disable} ${name}?`, format(t.disableAgentText, { name }), t.disable, t.saving, async () => {
              await api.put("/agent/disable", { username: a.username });
              ctx.toast(format(t.agentDisabled, { name }));
              void refresh();
            }),
          })
        : button(`${t.enable} ${name}`, {
            iconOnly: true, icon: "check", kind: "ghost", small: true, attrs: { "data-action": "enable" },
            onClick: (e) => void withProgress(e.currentTarget as HTMLButtonElement, null, async () => {
              try {
                await api.put("/agent/enable", { username: a.username });
                ctx.toast(format(t.agentEnabled, { name }));
                void refresh();
              } catch (failure) {
                ctx.toast(errorText(t, failure), "error");
              }
            }),
          }),
      button(format(t.deleteAgent, { name }), {
        iconOnly: true, icon: "delete", kind: "danger-ghost", small: true, attrs: { "data-action": "delete" },
        onClick: () => confirmAction(t, format(t.deleteAgent, { name }), t.deleteAgentText, t.delete, t.deleting, async () => {
          await api.delete("/agent", { username: a.username });
          ctx.toast(t.deleted);
          void refresh();
        }),
      }),
    );
    return h(
      "tr",
      { "data-username": a.username },
      cell(h("div", { class: "who" }, h("span", { class: "avatar avatar-sm", "aria-hidden": "true" }, Array.from(name)[0]?.toUpperCase() ?? "?"), h("span", {}, h("span", { class: "strong" }, a.nicename), h("br"), h("span", { class: "muted small" }, a.username)))),
      cell(pill(role ? roleLabel(t, role) : a.roleList?.[0]?.role_name ?? t.roleAgent, roleId === ADMIN_ROLE ? "violet" : roleId === AGENT_ROLE ? "plain" : "blue")),
      cell(pill(enabled ? t.enabled : t.disabled, enabled ? "green" : "muted")),
      cell(statePill(t, a.state)),
      cell(h("span", { class: "tabular" }, String(a.maxServiceSessionCount))),
      cell([a.trueName, a.mobilePhone, a.agentNumber].filter(Boolean).join(" · ") || "–"),
      cell(h("span", { class: "muted small nowrap", title: a.createDateTime }, a.createDateTime.slice(0, 10))),
      h("td", { class: "col-actions" }, actions),
    );
  };

  let debounce: number | undefined;
  search.addEventListener("input", () => {
    window.clearTimeout(debounce);
    debounce = window.setTimeout(() => {
      keyValue = search.value.trim();
      page = 0;
      void refresh();
    }, 300);
  });
  sizeSelect.addEventListener("change", () => {
    size = Number(sizeSelect.value);
    page = 0;
    void refresh();
  });
  create.addEventListener("click", () => agentDialog(ctx, null, roles, refresh));
  void refresh();
  return { el, dispose: () => window.clearTimeout(debounce) };
}

/** Create (agent null) or edit; `roles` as `GET /roles` lists them, the custom ones after the system ones. */
function agentDialog(ctx: PageContext, agent: AgentSummary | null, roles: Role[], done: () => void): void {
  const { t, api } = ctx;
  const nicename = input({ value: agent?.nicename ?? "", maxlength: 100, autocomplete: "off", name: "nicename" });
  const username = input({ value: agent?.username ?? "", maxlength: 200, autocomplete: "off", name: "username", spellcheck: "false", autocapitalize: "none", disabled: agent !== null });
  const password = input({ type: "password", maxlength: 128, autocomplete: "new-password", name: "password" });
  // The system roles are always there, even before the list of roles has come.
  const choices: [string, string][] = [
    [String(AGENT_ROLE), t.roleAgent],
    [String(ADMIN_ROLE), t.roleAdmin],
    ...roles.filter((r) => r.role_type !== "SYSTEM").map((r): [string, string] => [String(r.role_id), r.role_name]),
  ];
  const role = select(choices, String(agent ? roleIdOf(agent) : AGENT_ROLE), { name: "roleId" });
  const max = input({ type: "number", min: 0, max: 100, step: 1, value: String(agent?.maxServiceSessionCount ?? 10), name: "maxServiceSessionCount", inputmode: "numeric" });
  const trueName = input({ value: agent?.trueName ?? "", maxlength: 100, name: "trueName", autocomplete: "off" });
  const phone = input({ value: agent?.mobilePhone ?? "", maxlength: 100, name: "mobilePhone", type: "tel", autocomplete: "off" });
  const number = input({ value: agent?.agentNumber ?? "", maxlength: 100, name: "agentNumber", autocomplete: "off" });
  const content = h(
    "div",
    { class: "form-grid" },
    field(t.nicename, nicename, { required: true, hint: t.nicenameHint }),
    field(t.username, username, { required: true }),
    agent ? null : field(t.password, password, { required: true, hint: t.passwordHint }),
    field(t.role, role),
    field(t.maxSessions, max, { hint: t.maxSessionsHint }),
    field(t.trueName, trueName),
    field(t.mobilePhone, phone),
    field(t.agentNumber, number),
  );
  formDialog(t, {
    title: agent ? format(t.editAgent, { name: agent.nicename }) : t.newAgent,
    content,
    size: "wide",
    submitLabel: agent ? t.save : t.create,
    busyLabel: t.saving,
    validate: () => {
      const problems: [HTMLElement, string | null][] = [
        [nicename, nicename.value.trim() ? null : t.required],
        [username, username.value.trim() ? null : t.required],
        [password, agent || password.value.length >= 8 ? null : t.passwordTooShort],
        [max, /^\d+$/.test(max.value) && Number(max.value) <= 100 ? null : t.maxSessionsHint],
      ];
      problems.forEach(([control, message]) => setFieldError(control, message));
      return problems.every(([, message]) => message === null);
    },
    submit: async () => {
      const body = {
        username: username.value.trim(),
        nicename: nicename.value.trim(),
        trueName: trueName.value.trim(),
        mobilePhone: phone.value.trim(),
        agentNumber: number.value.trim(),
        roleId: Number(role.value),
        maxServiceSessionCount: Number(max.value),
      };
      if (agent) await api.put("/agent", body);
      else await api.post("/agent", { ...body, password: password.value });
      ctx.toast(format(agent ? t.agentSaved : t.agentCreated, { name: body.nicename }));
      done();
    },
  });
}

function passwordDialog(ctx: PageContext, agent: AgentSummary): void {
  const { t, api } = ctx;
  const password = input({ type: "password", maxlength: 128, autocomplete: "new-password", name: "new-password" });
  const repeat = input({ type: "password", maxlength: 128, autocomplete: "new-password", name: "repeat-password" });
  const generate = button(t.generate, {
    small: true,
    icon: "key",
    onClick: () => {
      const secret = randomSecret(16);
      password.value = secret;
      repeat.value = secret;
      password.type = "text";
      repeat.type = "text";
    },
  });
  const name = agent.nicename || agent.username;
  formDialog(t, {
    title: format(t.resetPasswordOf, { name }),
    content: h("div", { class: "form-stack" }, field(t.newPassword, password, { required: true, hint: t.passwordHint }), field(t.confirmPassword, repeat, { required: true }), h("div", {}, generate)),
    submitLabel: t.resetPassword,
    busyLabel: t.saving,
    validate: () => {
      setFieldError(password, password.value.length >= 8 ? null : t.passwordTooShort);
      setFieldError(repeat, repeat.value === password.value ? null : t.passwordsDiffer);
      return password.value.length >= 8 && repeat.value === password.value;
    },
    submit: async () => {
      await api.put("/agent/password", { username: agent.username, password: password.value });
      ctx.toast(format(t.passwordReset, { name }));
    },
  });
}

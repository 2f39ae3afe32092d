import { h } from "../../shared/dom";
import { format } from "../../shared/i18n";
import {
  button, confirmAction, emptyState, field, formDialog, input, listAllAgents, load, pageHeader, setFieldError, svgIcon, type AgentSummary, type PageContext, type PageHandle, type QueueSummary,
} from "../ui";

/** Skill groups and their members. */
export function queuesPage(ctx: PageContext): PageHandle {
  const { t, api } = ctx;
  const create = button(t.newQueue, { kind: "primary", icon: "add", attrs: { "data-kefu": "queue-create" } });
  const list = h("div");
  const el = h("div", { class: "page", "data-kefu": "queues" }, pageHeader(t.queues, t.queuesIntro, create), list);
  let agents: AgentSummary[] = [];

  const refresh = () =>
    load(ctx, list, async () => {
      const [queues, all] = await Promise.all([api.get("/queues"), listAllAgents(api)]);
      agents = all;
      const byUsername = new Map(agents.map((a) => [a.username.toLowerCase(), a]));
      const items = queues.entities as QueueSummary[];
      if (items.length === 0) return emptyState(t.noQueues, "queues", button(t.newQueue, { icon: "add", onClick: () => queueDialog(null) }));
      return h(
        "div",
        { class: "queue-list" },
        ...items.map((q) =>
          h(
            "article",
            { class: "card queue-item", "data-queue-id": q.queueId },
            h(
              "div",
              { class: "card-head" },
              h("div", {}, h("h2", { class: "card-title" }, q.queueName), h("p", { class: "muted small" }, `${format(t.queueId, { id: q.queueId })} · ${q.agentUsernames.length === 1 ? t.oneMember : format(t.membersCount, { n: q.agentUsernames.length })}`)),
              h(
                "div",
                { class: "row-actions" },
                button(`${t.edit} ${q.queueName}`, { iconOnly: true, icon: "edit", kind: "ghost", small: true, attrs: { "data-action": "edit" }, onClick: () => queueDialog(q) }),
                button(format(t.deleteQueue, { name: q.queueName }), {
                  iconOnly: true, icon: "delete", kind: "danger-ghost", small: true, attrs: { "data-action": "delete" },
                  onClick: () => confirmAction(t, format(t.deleteQueue, { name: q.queueName }), t.deleteQueueText, t.delete, t.deleting, async () => {
                    await api.delete(`/queues/${q.queueId}`);
                    ctx.toast(t.deleted);
                    void refresh();
                  }),
                }),
              ),
            ),
            q.agentUsernames.length === 0
              ? h("p", { class: "muted" }, t.noMembers)
              : h("ul", { class: "chips", "aria-label": t.members }, ...q.agentUsernames.map((u) => h("li", { class: "chip" }, byUsername.get(u.toLowerCase())?.nicename ?? u, h("span", { class: "chip-sub" }, u)))),
          ),
        ),
      );
    });

  const queueDialog = (queue: QueueSummary | null) => {
    const name = input({ value: queue?.queueName ?? "", maxlength: 100, name: "queueName", autocomplete: "off" });
    const chosen = new Set((queue?.agentUsernames ?? []).map((u) => u.toLowerCase()));
    const filter = input({ type: "search", placeholder: t.filterAgents, "aria-label": t.filterAgents, class: "input input-search" });
    const count = h("span", { class: "muted small", "aria-live": "polite" });
    const options = h("ul", { class: "check-list" });
    const showCount = () => (count.textContent = format(t.selectedCount, { n: chosen.size }));
    for (const a of agents) {
      const box = h("input", { type: "checkbox", value: a.username, "data-username": a.username });
      box.checked = chosen.has(a.username.toLowerCase());
      box.addEventListener("change", () => {
        if (box.checked) chosen.add(a.username.toLowerCase());
        else chosen.delete(a.username.toLowerCase());
        showCount();
      });
      options.append(h("li", { "data-search": `${a.nicename} ${a.username}`.toLowerCase() }, h("label", { class: "check" }, box, h("span", {}, h("span", { class: "strong" }, a.nicename), " ", h("span", { class: "muted small" }, a.username)))));
    }
    filter.addEventListener("input", () => {
      const q = filter.value.trim().toLowerCase();
      options.querySelectorAll<HTMLElement>("li").forEach((li) => (li.hidden = !!q && !li.dataset.search!.includes(q)));
    });
    showCount();
    const membersId = "members-label";
    formDialog(t, {
      title: queue ? t.editQueue : t.newQueue,
      content: h(
        "div",
        { class: "form-stack" },
        field(t.queueName, name, { required: true }),
        h("fieldset", { class: "fieldset", "aria-labelledby": membersId }, h("legend", { id: membersId }, t.members, " ", count), h("div", { class: "search-box" }, svgIcon("search", 18), filter), options),
      ),
      submitLabel: queue ? t.save : t.create,
      busyLabel: t.saving,
      validate: () => {
        setFieldError(name, name.value.trim() ? null : t.required);
        return !!name.value.trim();
      },
      submit: async () => {
        const agentUsernames = agents.filter((a) => chosen.has(a.username.toLowerCase())).map((a) => a.username);
        const body = { queueName: name.value.trim(), agentUsernames };
        if (queue) await api.put(`/queues/${queue.queueId}`, body);
        else await api.post("/queues", body);
        ctx.toast(format(queue ? t.queueSaved : t.queueCreated, { name: body.queueName }));
        void refresh();
      },
    });
  };

  create.addEventListener("click", () => queueDialog(null));
  void refresh();
  return { el };
}

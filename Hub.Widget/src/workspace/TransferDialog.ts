import { h } from "../shared/dom";
import { errorMessage } from "../shared/errors";
import { format } from "../shared/i18n";
import type { OnlineAgent, Queue } from "./AgentApi";
import { Modal } from "./Modal";
import type { WorkspaceTexts } from "./texts";

export type TransferTarget = { toAgentUsername: string; label: string } | { toQueueId: number; label: string };

export interface TransferSource {
  agents: () => Promise<OnlineAgent[]>;
  queues: () => Promise<Queue[]>;
  self: () => string;
}

/**
 * Where to hand a session: an online agent (with its load against its maximum; full or offline agents
 * cannot be chosen) or a queue. The lists are read fresh each time the dialog opens.
 */
export class TransferDialog {
  private readonly modal: Modal;
  private readonly agentsBox: HTMLDivElement;
  private readonly queuesBox: HTMLDivElement;

  constructor(private readonly t: WorkspaceTexts, private readonly source: TransferSource) {
    this.modal = new Modal("ws-transfer", t.transferTitle, t.transferDo, t.cancel, t.cancel, null, t.transferring);
    this.agentsBox = h("div", { class: "choices" });
    this.queuesBox = h("div", { class: "choices" });
    this.modal.body.append(
      h("fieldset", { class: "group" }, h("legend", {}, t.toAgent), this.agentsBox),
      h("fieldset", { class: "group" }, h("legend", {}, t.toQueue), this.queuesBox),
    );
    this.modal.body.addEventListener("change", () => this.sync());
  }

  open(transfer: (target: TransferTarget) => Promise<void>): void {
    const t = this.t;
    this.agentsBox.replaceChildren(h("p", { class: "muted", role: "status" }, t.loading));
    this.queuesBox.replaceChildren(h("p", { class: "muted", role: "status" }, t.loading));
    this.modal.confirm.disabled = true;
    this.modal.action = async () => {
      const chosen = this.modal.body.querySelector<HTMLInputElement>("input[name=target]:checked");
      if (!chosen) return;
      const label = chosen.dataset.label ?? "";
      await transfer(chosen.value.startsWith("agent:") ? { toAgentUsername: chosen.value.slice(6), label } : { toQueueId: Number(chosen.value.slice(6)), label });
    };
    this.modal.show();
    void this.source.agents().then(
      (agents) => this.fillAgents(agents.filter((a) => a.username !== this.source.self())),
      (e) => this.agentsBox.replaceChildren(h("p", { class: "merror" }, errorMessage(e))),
    );
    void this.source.queues().then(
      (queues) => this.fillQueues(queues),
      (e) => this.queuesBox.replaceChildren(h("p", { class: "merror" }, errorMessage(e))),
    );
  }

  private fillAgents(agents: OnlineAgent[]): void {
    const t = this.t;
    if (!agents.length) {
      this.agentsBox.replaceChildren(h("p", { class: "muted" }, t.noAgents));
      return;
    }
    agents.sort((a, b) => Number(b.state === "Online") - Number(a.state === "Online") || a.currentSessionCount / a.maxServiceSessionCount - b.currentSessionCount / b.maxServiceSessionCount);
    this.agentsBox.replaceChildren(
      ...agents.map((a) => {
        const full = a.currentSessionCount >= a.maxServiceSessionCount;
        const stateText = (t as Record<string, string>)[a.state] ?? a.state;
        const input = h("input", { type: "radio", name: "target", value: `agent:${a.username}`, "data-label": a.nicename || a.username, disabled: full || a.state === "Offline" });
        const meter = h("span", { class: "meter", "aria-hidden": "true" }, h("i"));
        (meter.firstElementChild as HTMLElement).style.width = `${Math.min(100, Math.round((a.currentSessionCount / Math.max(1, a.maxServiceSessionCount)) * 100))}%`;
        return h(
          "label",
          { class: "choice", "data-agent": a.username },
          input,
          h("span", { class: "dot", "data-state": a.state, "aria-hidden": "true" }),
          h("span", { class: "cmain" }, h("span", { class: "cname" }, a.nicename || a.username), h("span", { class: "csub" }, `${stateText} · ${a.username}`)),
          h("span", { class: "cload" }, meter, full ? t.full : format(t.load, { current: a.currentSessionCount, max: a.maxServiceSessionCount })),
        );
      }),
    );
  }

  private fillQueues(queues: Queue[]): void {
    if (!queues.length) {
      this.queuesBox.replaceChildren(h("p", { class: "muted" }, this.t.noQueues));
      return;
    }
    this.queuesBox.replaceChildren(
      ...queues.map((q) =>
        h(
          "label",
          { class: "choice", "data-queue": q.queueId },
          h("input", { type: "radio", name: "target", value: `queue:${q.queueId}`, "data-label": q.queueName }),
          h("span", { class: "cmain" }, h("span", { class: "cname" }, q.queueName), h("span", { class: "csub" }, `${q.agentUsernames.length} · ${q.agentUsernames.slice(0, 3).join(", ")}`)),
        ),
      ),
    );
  }

  private sync(): void {
    this.modal.confirm.disabled = !this.modal.body.querySelector("input[name=target]:checked");
  }
}

import { ChatConnection, type ConnectionState } from "../shared/ChatConnection";
import { playChime } from "../shared/chime";
import type { ChatMessage, MessageEvent } from "../shared/ChatMessage";
import { h, icon } from "../shared/dom";
import { errorMessage } from "../shared/errors";
import { countGraphemes } from "../shared/graphemes";
import { TEXTS, format, type Texts } from "../shared/i18n";
import { ICONS } from "../shared/icons";
import { newId } from "../shared/ids";
import { formatTime, isEmojiOnly, renderMessageBody } from "../shared/MessageBody";
import { Outbox, type OutgoingMessage, type SendAck } from "../shared/Outbox";
import { safeUrl } from "../shared/safeUrl";
import { VisitorApi, type WidgetConfig } from "../shared/VisitorApi";
import { STYLES } from "./styles";
import { themeColors } from "./theme";
import type { WidgetEvents } from "./WidgetEvents";
import type { WidgetOptions } from "./WidgetOptions";
import { VisitorSession, type TimelineItem } from "./VisitorSession";

const MAX_FILE_BYTES = 10 * 1024 * 1024;
const MAX_LEAVE_CHARS = 2000;
const PAGE = 100;

type View = "chat" | "leave";

/**
 * The widget inside `<kefu-widget>`'s open shadow root: launcher, panel, and the wiring between the
 * hub connection, the outbox and the visitor's session. All visitor and agent text is set with
 * textContent or as text nodes.
 */
export class KefuWidget {
  private readonly t: Texts;
  private readonly api: VisitorApi;
  private readonly session = new VisitorSession();
  private readonly store: Storage | null;
  private readonly key: string;
  private connection: ChatConnection | null = null;
  private readonly outbox: Outbox;
  private config: WidgetConfig = { showAgentNickname: true, openNow: true };
  private profile: Record<string, unknown> = {};
  private opened = false;
  private wantSession = false;
  private view: View = "chat";
  private soundOn: boolean;
  private connState: ConnectionState = "disconnected";
  private starting: Promise<void> | null = null;
  private typingSentAt = 0;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly rendered = new Map<string, { el: HTMLElement; sig: string }>();
  private readonly pendingFiles = new Map<string, File>();
  private readonly title = document.title;
  private ratingScore = 0;
  private ratingDone = false;
  private leaveDone = false;
  private errorText = "";

  // Elements
  private readonly root: HTMLDivElement;
  private readonly launcher: HTMLButtonElement;
  private readonly badge: HTMLSpanElement;
  private readonly panel: HTMLElement;
  private readonly titleEl: HTMLHeadingElement;
  private readonly logoEl: HTMLDivElement;
  private readonly agentEl: HTMLParagraphElement;
  private readonly connEl: HTMLDivElement;
  private readonly queueEl: HTMLDivElement;
  private readonly log: HTMLDivElement;
  private readonly typingEl: HTMLDivElement;
  private readonly errorEl: HTMLDivElement;
  private readonly composer: HTMLFormElement;
  private readonly input: HTMLTextAreaElement;
  private readonly sendBtn: HTMLButtonElement;
  private readonly attach: HTMLInputElement;
  private readonly soundBtn: HTMLButtonElement;
  private readonly endBtn: HTMLButtonElement;
  private readonly leaveBtn: HTMLButtonElement;
  private readonly humanBtn: HTMLButtonElement;
  private readonly restartBtn: HTMLButtonElement;
  private readonly rating: HTMLDivElement;
  private readonly leave: HTMLFormElement;
  private readonly foot: HTMLDivElement;

  constructor(
    private readonly host: HTMLElement,
    private readonly options: WidgetOptions,
    private readonly events: WidgetEvents,
  ) {
    this.t = TEXTS[options.lang];
    this.api = new VisitorApi(options.hubOrigin, options.tenantId);
    this.store = safeStorage();
    this.key = `kefuhub:${options.hubOrigin}:${options.tenantId}:`;
    this.soundOn = this.read("sound") !== "off";
    this.outbox = new Outbox({
      send: (m) => this.sendToHub(m),
      isTransient: (e) => this.connection?.isTransient(e) ?? true,
      onAck: (m, ack) => this.acked(m, ack),
      onFail: (m, e) => {
        this.session.messages.updateLocal(m.clientMessageId, { state: "failed", error: errorMessage(e) });
        this.render();
      },
    });

    const shadow = host.attachShadow({ mode: "open" });
    const t = this.t;
    shadow.append(h("style", {}, STYLES));

    this.badge = h("span", { class: "badge", "data-kefu": "unread", "aria-hidden": "true", hidden: true });
    this.launcher = h(
      "button",
      { class: "launcher", type: "button", "data-kefu": "launcher", "aria-label": t.openChat, "aria-expanded": "false", "aria-controls": "kefu-panel", onclick: () => (this.opened ? this.close() : this.open()) },
      icon(ICONS.chat, 28),
      this.badge,
    );

    this.logoEl = h("div", { class: "logo", "aria-hidden": "true" }, icon(ICONS.chat, 22));
    this.titleEl = h("h2", { class: "title", id: "kefu-title" }, t.title);
    this.agentEl = h("p", { class: "sub", "data-kefu": "agent" }, t.subtitleWait);
    this.soundBtn = h("button", { class: "hbtn", type: "button", onclick: () => this.toggleSound() });
    this.leaveBtn = h("button", { class: "hbtn", type: "button", "aria-label": t.leaveMessage, title: t.leaveMessage, onclick: () => this.showView(this.view === "leave" ? "chat" : "leave") }, icon(ICONS.note));
    this.endBtn = h("button", { class: "hbtn", type: "button", "data-kefu": "end", "aria-label": t.end, title: t.end, onclick: () => void this.endSession() }, icon(ICONS.end));
    const closeBtn = h("button", { class: "hbtn", type: "button", "aria-label": t.closeChat, title: t.closeChat, onclick: () => this.close() }, icon(ICONS.chevronDown, 24));
    const header = h("header", { class: "header" }, this.logoEl, h("div", { class: "titles" }, this.titleEl, this.agentEl), this.soundBtn, this.leaveBtn, this.endBtn, closeBtn);

    this.connEl = h("div", { class: "conn", "data-kefu": "connection", "data-state": "disconnected", role: "status" });
    this.queueEl = h("div", { class: "queue", "data-kefu": "queue-position", role: "status", hidden: true });
    this.log = h("div", { class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-label": t.messages, tabindex: "0" });
    this.typingEl = h("div", { class: "typing", "data-kefu": "typing", hidden: true, "aria-live": "polite" });
    this.rating = h("div", { class: "rating", "data-kefu": "rating", hidden: true });
    this.humanBtn = h("button", { class: "secondary", type: "button", "data-kefu": "transfer-human", hidden: true, onclick: () => void this.transferToHuman() }, t.transferHuman);
    this.restartBtn = h("button", { class: "secondary", type: "button", hidden: true, onclick: () => void this.restart() }, t.newConversation);
    this.errorEl = h("div", { class: "error", role: "alert", hidden: true });

    this.attach = h("input", { type: "file", "data-kefu": "attach", "aria-label": t.attach, title: t.attach, multiple: true });
    this.attach.addEventListener("change", () => {
      const files = Array.from(this.attach.files ?? []);
      this.attach.value = "";
      files.forEach((f) => this.sendFile(f));
    });
    this.input = h("textarea", { class: "input", "data-kefu": "input", rows: 1, placeholder: t.inputPlaceholder, "aria-label": t.inputPlaceholder, maxlength: 5000 });
    this.sendBtn = h("button", { class: "sendbtn", type: "submit", "data-kefu": "send", "aria-label": t.send, title: t.send }, icon(ICONS.send));
    this.composer = h("form", { class: "composer" }, h("label", { class: "ibtn" }, icon(ICONS.attach), this.attach), this.input, this.sendBtn);
    this.composer.addEventListener("submit", (e) => {
      e.preventDefault();
      this.sendText();
    });
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.sendText();
      }
    });
    this.input.addEventListener("input", () => {
      this.autosize();
      this.sendTyping();
      this.updateSendButton();
    });
    this.input.addEventListener("paste", (e) => {
      const files = Array.from(e.clipboardData?.files ?? []);
      if (files.length) {
        e.preventDefault();
        files.forEach((f) => this.sendFile(f));
      }
    });
    for (const type of ["dragenter", "dragover"]) {
      this.composer.addEventListener(type, (e) => {
        e.preventDefault();
        this.composer.classList.add("drag");
      });
    }
    this.composer.addEventListener("dragleave", () => this.composer.classList.remove("drag"));
    this.composer.addEventListener("drop", (e) => {
      e.preventDefault();
      this.composer.classList.remove("drag");
      Array.from((e as DragEvent).dataTransfer?.files ?? []).forEach((f) => this.sendFile(f));
    });

    this.leave = h("form", { class: "leave", "data-kefu": "leave-form", hidden: true, novalidate: true });
    this.leave.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.submitLeave();
    });
    this.foot = h("div", { class: "foot" }, t.poweredBy);

    this.panel = h(
      "section",
      { class: "panel", id: "kefu-panel", "data-kefu": "panel", role: "dialog", "aria-labelledby": "kefu-title", hidden: true },
      header,
      this.connEl,
      this.queueEl,
      this.log,
      this.typingEl,
      this.errorEl,
      this.composer,
      this.leave,
    );
    this.panel.addEventListener("keydown", (e) => this.onPanelKey(e));
    this.root = h("div", { class: "root", lang: options.lang }, this.panel, this.launcher);
    shadow.append(this.root);

    document.addEventListener("visibilitychange", () => this.visibilityChanged());
    this.renderLeaveForm();
    this.render();
  }

  /** Paints the launcher at once; settings and a stored session follow. */
  async init(): Promise<void> {
    this.events.emit("ready");
    void this.api
      .widgetConfig()
      .then((config) => {
        this.config = config;
        this.applyConfig();
      })
      .catch(() => {});
    if (this.read("token") && this.read("active") === "1") {
      this.wantSession = true;
      void this.ensureConnected();
    }
    if (this.options.open) this.open();
  }

  open(): void {
    if (this.opened) return;
    this.opened = true;
    this.panel.hidden = false;
    this.root.setAttribute("data-open", "");
    this.launcher.setAttribute("aria-expanded", "true");
    this.launcher.setAttribute("aria-label", this.t.closeChat);
    this.session.markRead();
    this.wantSession = true;
    void this.ensureConnected();
    this.render();
    this.scrollToEnd();
    queueMicrotask(() => (this.view === "leave" ? this.leave.querySelector("input") : this.input)?.focus());
    this.events.emit("open");
    this.emitUnread();
  }

  close(): void {
    if (!this.opened) return;
    this.opened = false;
    this.panel.hidden = true;
    this.root.removeAttribute("data-open");
    this.launcher.setAttribute("aria-expanded", "false");
    this.launcher.setAttribute("aria-label", this.t.openChat);
    this.launcher.focus();
    this.events.emit("close");
  }

  setProfile(profile: Record<string, unknown>): void {
    if (!profile || typeof profile !== "object") return;
    this.profile = { ...this.profile, ...profile };
    const token = this.read("token");
    const visitorId = this.read("visitorId");
    if (token && visitorId) void this.api.updateProfile(visitorId, token, this.profile).catch(() => {});
  }

  // ---- connection and session ----

  private async ensureConnected(): Promise<void> {
    if (this.connection) return;
    let token = this.read("token");
    if (!token) {
      try {
        const body: Record<string, unknown> = {};
        if (typeof this.profile.nickname === "string") body.nickname = this.profile.nickname;
        if (Object.keys(this.profile).length) body.profile = this.profile;
        if (this.options.userId && this.options.userHash) {
          body.userId = this.options.userId;
          body.userHash = this.options.userHash;
        }
        const visitor = await this.api.createVisitor(body);
        token = visitor.token;
        this.write("token", visitor.token);
        this.write("visitorId", visitor.visitorId);
      } catch (error) {
        this.showError(errorMessage(error));
        this.connState = "disconnected";
        this.render();
        // Try again on the next open.
        return;
      }
    }
    if (this.connection) return;
    const connection = new ChatConnection({
      url: `${this.options.hubOrigin}/hubs/visitor?tenantId=${encodeURIComponent(this.options.tenantId)}`,
      accessToken: () => this.read("token") ?? "",
      retryDelays: (window as any).__kefuRetryDelays,
      onState: (state) => {
        this.connState = state;
        if (state !== "connected") this.outbox.setOnline(false);
        this.render();
      },
      onConnected: () => void this.onConnected(),
    });
    this.connection = connection;
    connection.on("message", (e: MessageEvent) => this.onMessage(e));
    connection.on("queuePosition", (e) => {
      this.session.onQueuePosition(e);
      this.render();
    });
    connection.on("sessionState", (e) => {
      this.session.onSessionState(e);
      if (!this.session.isOpen) this.write("active", null);
      this.render();
    });
    connection.on("agentState", (e) => {
      this.session.onAgentState(e);
      this.render();
    });
    connection.on("typing", (e) => {
      this.session.onTyping(e);
      this.render();
    });
    connection.on("ratingRequested", (e) => {
      this.session.onRatingRequested(e);
      this.render();
      this.scrollToEnd();
    });
    connection.start();
  }

  private async onConnected(): Promise<void> {
    try {
      if (this.session.sessionId) await this.fillGap();
      if (this.wantSession && (this.session.state === "None" || this.session.isOpen)) await this.startSession();
      if (this.session.sessionId) await this.fillGap();
      if (this.session.isOpen) this.outbox.setOnline(true);
    } catch (error) {
      if (!this.connection?.isTransient(error)) this.showError(errorMessage(error));
    }
    this.render();
  }

  private startSession(): Promise<void> {
    if (this.starting) return this.starting;
    this.starting = (async () => {
      const request: Record<string, unknown> = {};
      if (this.options.queueId !== undefined) request.queueId = this.options.queueId;
      if (this.options.agentUsername) request.agentUsername = this.options.agentUsername;
      const result = await this.connection!.invoke<any>("StartSession", request);
      this.session.started(result);
      if (this.session.state === "LeaveMessage") {
        this.write("active", null);
        this.renderLeaveForm();
        this.showView("leave");
      } else {
        this.write("active", "1");
      }
    })().finally(() => (this.starting = null));
    return this.starting;
  }

  /** Catch-up: everything after the last contiguous seq (a reconnect, a dropped push). */
  private async fillGap(): Promise<void> {
    const sessionId = this.session.sessionId;
    if (!sessionId || !this.connection?.isConnected) return;
    for (;;) {
      const afterSeq = this.session.messages.contiguousSeq;
      const page = await this.connection.invoke<MessageEvent[]>("GetMessages", { serviceSessionId: sessionId, afterSeq, size: PAGE });
      for (const m of page) this.onMessage(m, false);
      if (page.length < PAGE || this.session.messages.contiguousSeq === afterSeq) break;
    }
    this.render();
  }

  private onMessage(event: MessageEvent, live = true): void {
    const visible = this.opened && !document.hidden;
    const { added, gap } = this.session.onMessage(event, visible);
    if (added && event.from !== "visitor") {
      if (live) {
        this.events.emit("message", { from: event.from, type: event.type, text: event.text ?? null, seq: event.seq });
        if (!visible) this.beep();
      }
      if (!visible) this.emitUnread();
    }
    if (gap && live) void this.fillGap().catch(() => {});
    if (live) {
      this.render();
      this.scrollToEnd();
    }
  }

  private sendToHub(message: OutgoingMessage): Promise<SendAck> {
    if (!this.connection || !this.session.sessionId) return Promise.reject(new Error("connection closed"));
    return this.connection.invoke<SendAck>("SendMessage", { serviceSessionId: this.session.sessionId, ...message });
  }

  private acked(message: OutgoingMessage, ack: SendAck): void {
    this.session.messages.ack(message.clientMessageId, ack);
    this.render();
  }

  private sendText(): void {
    const text = this.input.value.trim();
    if (!text || !this.canCompose()) return;
    this.input.value = "";
    this.autosize();
    this.updateSendButton();
    this.queueMessage({ clientMessageId: newId(), type: isEmojiOnly(text, countGraphemes(text)) ? "emoji" : "txt", text });
    this.stopTyping();
  }

  private queueMessage(message: OutgoingMessage): void {
    this.session.messages.addLocal({ clientMessageId: message.clientMessageId, from: "visitor", type: message.type as ChatMessage["type"], text: message.text, url: message.url, ext: message.ext, state: "sending" });
    this.outbox.enqueue(message);
    this.render();
    this.scrollToEnd();
  }

  private sendFile(file: File): void {
    if (!this.canCompose()) return;
    const clientMessageId = newId();
    const isImage = /^image\/(png|jpeg|gif|webp)$/.test(file.type);
    const local: ChatMessage = { clientMessageId, from: "visitor", type: isImage ? "img" : "file", text: file.name, ext: { name: file.name, size: file.size }, state: "sending", progress: 0 };
    this.session.messages.addLocal(local);
    this.render();
    this.scrollToEnd();
    if (file.size > MAX_FILE_BYTES) {
      this.session.messages.updateLocal(clientMessageId, { state: "failed", progress: undefined, error: this.t.fileTooBig });
      this.render();
      return;
    }
    this.pendingFiles.set(clientMessageId, file);
    void this.upload(clientMessageId, file);
  }

  private async upload(clientMessageId: string, file: File): Promise<void> {
    try {
      const uploaded = await this.api.upload(file, this.read("token") ?? "", (p) => {
        this.session.messages.updateLocal(clientMessageId, { progress: p });
        this.render();
      });
      this.pendingFiles.delete(clientMessageId);
      const type = uploaded.contentType.startsWith("image/") ? "img" : "file";
      const ext = { name: uploaded.name, size: uploaded.size, contentType: uploaded.contentType, fileId: uploaded.fileId };
      this.session.messages.updateLocal(clientMessageId, { type, url: uploaded.url, text: uploaded.name, ext, progress: undefined });
      this.outbox.enqueue({ clientMessageId, type, text: uploaded.name, url: uploaded.url, ext });
    } catch (error) {
      this.session.messages.updateLocal(clientMessageId, { state: "failed", progress: undefined, error: format(this.t.uploadFailed, { reason: errorMessage(error) }) });
    }
    this.render();
  }

  private retry(message: ChatMessage): void {
    const id = message.clientMessageId;
    if (!id) return;
    const file = this.pendingFiles.get(id);
    this.session.messages.updateLocal(id, { state: "sending", error: undefined, progress: file ? 0 : undefined });
    if (file) void this.upload(id, file);
    else this.outbox.enqueue({ clientMessageId: id, type: message.type, text: message.text ?? undefined, url: message.url ?? undefined, ext: message.ext });
    this.render();
  }

  private sendTyping(): void {
    if (!this.session.sessionId || !this.connection?.isConnected || this.session.state !== "Processing") return;
    const now = Date.now();
    if (now - this.typingSentAt > 2500) {
      this.typingSentAt = now;
      void this.connection.invoke("Typing", { serviceSessionId: this.session.sessionId, typing: true }).catch(() => {});
    }
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.stopTyping(), 4000);
  }

  private stopTyping(): void {
    clearTimeout(this.typingTimer);
    if (!this.typingSentAt || !this.session.sessionId || !this.connection?.isConnected) return;
    this.typingSentAt = 0;
    void this.connection.invoke("Typing", { serviceSessionId: this.session.sessionId, typing: false }).catch(() => {});
  }

  private async endSession(): Promise<void> {
    if (!this.session.sessionId || !this.session.isOpen || !this.connection?.isConnected) return;
    try {
      await this.connection.invoke("EndSession", { serviceSessionId: this.session.sessionId });
      this.write("active", null);
    } catch (error) {
      this.showError(errorMessage(error));
    }
  }

  private async transferToHuman(): Promise<void> {
    if (!this.session.sessionId || !this.connection?.isConnected) return;
    try {
      await this.connection.invoke("TransferToHuman", { serviceSessionId: this.session.sessionId });
    } catch (error) {
      this.showError(errorMessage(error));
    }
  }

  private async restart(): Promise<void> {
    this.ratingDone = false;
    this.ratingScore = 0;
    this.session.state = "None";
    this.wantSession = true;
    if (this.connection?.isConnected) {
      try {
        await this.startSession();
        await this.fillGap();
        this.outbox.setOnline(true);
      } catch (error) {
        this.showError(errorMessage(error));
      }
    }
    this.render();
    this.input.focus();
  }

  private async submitRating(comment: string): Promise<void> {
    if (!this.ratingScore || !this.session.sessionId || !this.connection?.isConnected) return;
    try {
      const request: Record<string, unknown> = { serviceSessionId: this.session.sessionId, score: this.ratingScore };
      if (comment.trim()) request.detail = comment.trim();
      await this.connection.invoke("Rate", request);
      this.session.rated = true;
      this.ratingDone = true;
    } catch (error) {
      this.showError(errorMessage(error));
    }
    this.render();
  }

  private async submitLeave(): Promise<void> {
    const field = (name: string) => (this.leave.querySelector(`[data-kefu=${name}]`) as HTMLInputElement).value.trim();
    const content = field("leave-content");
    const errorEl = this.leave.querySelector(".ferr") as HTMLElement;
    const count = countGraphemes(content);
    if (count === 0 || count > MAX_LEAVE_CHARS) {
      errorEl.textContent = count === 0 ? this.t.contentRequired : this.t.contentTooLong;
      errorEl.hidden = false;
      return;
    }
    errorEl.hidden = true;
    const submit = this.leave.querySelector("[data-kefu=leave-submit]") as HTMLButtonElement;
    submit.disabled = true;
    try {
      await this.ensureConnected();
      await this.waitConnected();
      const request: Record<string, unknown> = { content };
      for (const [key, hook] of [["name", "leave-name"], ["phone", "leave-phone"], ["email", "leave-email"]] as const) {
        const value = field(hook);
        if (value) request[key] = value;
      }
      if (this.options.queueId !== undefined) request.queueId = this.options.queueId;
      await this.connection!.invoke("LeaveMessage", request);
      this.leaveDone = true;
      this.renderLeaveForm();
    } catch (error) {
      errorEl.textContent = `${this.t.leaveError} ${errorMessage(error)}`;
      errorEl.hidden = false;
    } finally {
      submit.disabled = false;
    }
  }

  private waitConnected(): Promise<void> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const check = () => {
        if (this.connection?.isConnected) resolve();
        else if (Date.now() - started > 15000) reject(new Error(this.t.disconnected));
        else setTimeout(check, 100);
      };
      check();
    });
  }

  // ---- rendering ----

  private applyConfig(): void {
    const c = this.config;
    if (c.enterpriseName) this.titleEl.textContent = c.enterpriseName;
    const colors = themeColors(c.themeColor);
    if (colors) {
      this.root.style.setProperty("--accent", colors.accent);
      this.root.style.setProperty("--on-accent", colors.onAccent);
    }
    const logo = safeUrl(c.logoUrl, this.options.hubOrigin);
    if (logo) {
      const img = h("img", { src: logo, alt: "" });
      img.addEventListener("error", () => img.remove());
      this.logoEl.replaceChildren(img);
    }
    this.render();
  }

  private showView(view: View): void {
    this.view = view;
    if (view === "leave") {
      if (this.leaveDone && this.session.state !== "LeaveMessage") {
        this.leaveDone = false;
        this.renderLeaveForm();
      }
      queueMicrotask(() => this.leave.querySelector("input")?.focus());
    }
    this.render();
  }

  private render(): void {
    const t = this.t;
    const s = this.session;
    const chat = this.view === "chat";

    // Header
    const showAgent = this.config.showAgentNickname !== false;
    if (s.agent && s.state === "Processing") {
      const dot = h("span", { class: "dot", "data-state": s.agent.state, "aria-hidden": "true" });
      this.agentEl.replaceChildren(dot, showAgent ? `${s.agent.nicename} · ${agentStateText(t, s.agent.state)}` : `${t.agentName} · ${agentStateText(t, s.agent.state)}`);
    } else {
      this.agentEl.textContent = s.state === "Wait" ? t.noticeWaiting : s.state === "LeaveMessage" ? t.leaveMessage : t.subtitleWait;
    }
    this.soundBtn.replaceChildren(icon(this.soundOn ? ICONS.soundOn : ICONS.soundOff));
    this.soundBtn.setAttribute("aria-label", this.soundOn ? t.soundOn : t.soundOff);
    this.soundBtn.setAttribute("title", this.soundOn ? t.soundOn : t.soundOff);
    this.soundBtn.setAttribute("aria-pressed", String(this.soundOn));
    this.endBtn.hidden = !s.isOpen;
    this.leaveBtn.setAttribute("aria-pressed", String(!chat));

    // Connection
    this.connEl.setAttribute("data-state", this.connState === "connecting" ? "reconnecting" : this.connState);
    this.connEl.textContent = this.connState === "connected" ? t.connected : this.connState === "disconnected" ? t.disconnected : this.connState === "connecting" ? t.connecting : t.reconnecting;
    this.connEl.hidden = this.connState === "connected" || (this.connState === "disconnected" && !this.connection);

    // Queue
    this.queueEl.hidden = !chat || s.state !== "Wait" || !s.queue;
    if (s.queue && s.state === "Wait") {
      const minutes = Math.ceil((s.queue.estimatedWaitSeconds ?? 0) / 60);
      this.queueEl.replaceChildren(
        h("div", { class: "qnum", "aria-hidden": "true" }, String(s.queue.position)),
        h("div", {}, h("b", {}, format(t.queue, { position: s.queue.position })), s.queue.estimatedWaitSeconds !== undefined ? h("span", {}, minutes <= 1 ? t.queueWaitSoon : format(t.queueWait, { minutes })) : null),
      );
    }

    // Typing
    this.typingEl.hidden = !chat || !s.agentTyping;
    if (s.agentTyping) {
      const name = showAgent && s.agent ? format(t.typing, { agent: s.agent.nicename }) : t.typingAnon;
      this.typingEl.replaceChildren(h("span", { class: "dots", "aria-hidden": "true" }, h("i"), h("i"), h("i")), h("span", {}, name));
    }

    this.log.hidden = !chat;
    this.composer.hidden = !chat || !this.canCompose();
    this.leave.hidden = chat;
    this.foot.hidden = true;
    this.errorEl.hidden = !this.errorText || !chat;
    this.errorEl.textContent = this.errorText;
    this.renderLog();
    this.renderRating();
    this.updateSendButton();

    this.launcher.firstElementChild?.replaceWith(icon(this.opened ? ICONS.chevronDown : ICONS.chat, 28));

    // Launcher badge and title
    const unread = s.unread;
    this.badge.hidden = unread === 0;
    this.badge.textContent = unread > 99 ? "99+" : String(unread);
    this.launcher.setAttribute("aria-label", (this.opened ? t.closeChat : t.openChat) + (unread ? ` (${format(t.unread, { n: unread })})` : ""));
    document.title = unread && document.hidden ? `(${unread}) ${this.title}` : this.title;
  }

  private renderLog(): void {
    const items = this.session.timeline();
    const seen = new Set<string>();
    let index = 0;
    for (const item of items) {
      const key = itemKey(item);
      seen.add(key);
      const sig = itemSignature(item);
      let entry = this.rendered.get(key);
      if (!entry || entry.sig !== sig) {
        const el = this.renderItem(item);
        if (entry) entry.el.replaceWith(el);
        entry = { el, sig };
        this.rendered.set(key, entry);
      }
      if (this.log.children[index] !== entry.el) this.log.insertBefore(entry.el, this.log.children[index] ?? null);
      index++;
    }
    for (const [key, entry] of this.rendered) {
      if (!seen.has(key)) {
        entry.el.remove();
        this.rendered.delete(key);
      }
    }
    // The rating card and the new-conversation button follow the messages.
    for (const el of [this.rating, this.humanBtn, this.restartBtn]) if (this.log.lastElementChild !== el || !el.isConnected) this.log.append(el);
    this.humanBtn.hidden = this.session.state !== "Robot";
    this.restartBtn.hidden = this.session.isOpen || !this.session.sessionId;
  }

  private renderItem(item: TimelineItem): HTMLElement {
    const t = this.t;
    if (item.kind === "notice") {
      const n = item.notice;
      const agent = this.config.showAgentNickname !== false ? n.agent : undefined;
      const text =
        n.kind === "created" ? t.noticeCreated : n.kind === "waiting" ? t.noticeWaiting : n.kind === "closed" ? t.noticeClosed
        : n.kind === "accepted" ? (agent ? format(t.noticeAccepted, { agent }) : t.noticeAcceptedAnon)
        : agent ? format(t.noticeTransferred, { agent }) : t.noticeTransferredAnon;
      return h("div", { class: "notice", role: "note" }, text);
    }
    const m = item.message;
    const el = h("div", { class: "msg", "data-kefu": "message", "data-from": m.from, "data-state": m.state, "data-seq": m.seq ?? undefined, "data-type": m.type });
    if (m.from === "agent" || m.from === "robot") {
      const name = m.from === "robot" ? "Robot" : this.config.showAgentNickname !== false && this.session.agent ? this.session.agent.nicename : t.agentName;
      el.append(h("span", { class: "who" }, name));
    }
    el.append(renderMessageBody(m, this.options.hubOrigin, this.t));
    if (m.progress !== undefined) el.append(h("div", { class: "progress", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": Math.round(m.progress * 100) }, h("i", { style: `width:${Math.round(m.progress * 100)}%` })));
    const meta = h("div", { class: "meta" });
    if (m.state === "failed") {
      meta.append(m.error ? `${m.error} ` : "", h("button", { class: "retry", type: "button", onclick: () => this.retry(m) }, t.failed));
    } else if (m.state === "sending") {
      meta.append(t.sending);
    } else if (m.createDatetime) {
      meta.append(formatTime(m.createDatetime, this.options.lang));
    }
    el.append(meta);
    return el;
  }

  private renderRating(): void {
    const s = this.session;
    const show = this.view === "chat" && (s.ratingRequested || this.ratingDone) && !!s.sessionId;
    this.rating.hidden = !show;
    if (!show) return;
    const t = this.t;
    if (this.ratingDone) {
      this.rating.replaceChildren(h("p", { class: "thanks", role: "status" }, t.rateThanks));
      return;
    }
    if (this.rating.querySelector(".stars")) {
      this.rating.querySelectorAll<HTMLElement>("[data-kefu=rating-star]").forEach((b) => {
        const on = Number(b.dataset.score) <= this.ratingScore;
        b.setAttribute("aria-checked", String(Number(b.dataset.score) === this.ratingScore));
        b.style.color = on ? "#f5a623" : "";
        b.tabIndex = Number(b.dataset.score) === (this.ratingScore || 1) ? 0 : -1;
      });
      (this.rating.querySelector("[data-kefu=rating-submit]") as HTMLButtonElement).disabled = !this.ratingScore;
      return;
    }
    const stars = h("div", { class: "stars", role: "radiogroup", "aria-label": t.rateTitle });
    for (let score = 1; score <= 5; score++) {
      const star = h(
        "button",
        { class: "star", type: "button", role: "radio", "data-kefu": "rating-star", "data-score": score, "aria-checked": "false", "aria-label": format(score === 1 ? t.star : t.stars, { n: score }), tabindex: score === 1 ? 0 : -1, onclick: () => { this.ratingScore = score; this.renderRating(); } },
        icon(ICONS.star, 30),
      );
      star.addEventListener("keydown", (e) => {
        const k = (e as KeyboardEvent).key;
        if (k === "ArrowRight" || k === "ArrowLeft") {
          e.preventDefault();
          this.ratingScore = Math.min(5, Math.max(1, (this.ratingScore || score) + (k === "ArrowRight" ? 1 : -1)));
          this.renderRating();
          (this.rating.querySelector(`[data-score="${this.ratingScore}"]`) as HTMLElement)?.focus();
        }
      });
      stars.append(star);
    }
    const comment = h("textarea", { rows: 2, maxlength: 500, placeholder: t.rateComment, "aria-label": t.rateComment, "data-kefu": "rating-comment" });
    const submit = h("button", { class: "primary", type: "button", "data-kefu": "rating-submit", disabled: true, onclick: () => void this.submitRating(comment.value) }, t.rateSubmit);
    this.rating.replaceChildren(h("h3", {}, t.rateTitle), stars, comment, submit);
  }

  private renderLeaveForm(): void {
    const t = this.t;
    if (this.leaveDone) {
      this.leave.replaceChildren(
        h("div", { class: "done", "data-kefu": "leave-done", role: "status" }, h("div", { class: "big", "aria-hidden": "true" }, "✓"), h("p", {}, t.leaveDone)),
        ...(this.session.state === "LeaveMessage" ? [] : [h("button", { class: "secondary", type: "button", onclick: () => this.showView("chat") }, t.back)]),
      );
      return;
    }
    const counter = h("span", { class: "counter", "aria-live": "polite" }, `0 / ${MAX_LEAVE_CHARS}`);
    const content = h("textarea", { "data-kefu": "leave-content", rows: 5, required: true, "aria-required": "true" });
    content.addEventListener("input", () => {
      const n = countGraphemes(content.value);
      (this.leave.querySelector(".ferr") as HTMLElement).hidden = true;
      counter.textContent = `${n} / ${MAX_LEAVE_CHARS}`;
      counter.toggleAttribute("data-over", n > MAX_LEAVE_CHARS);
    });
    const field = (label: string, hook: string, type: string, autocomplete: string) => h("label", {}, label, h("input", { type, "data-kefu": hook, autocomplete, maxlength: 100 }));
    const intro = this.session.offDutyText || t.leaveIntro;
    this.leave.replaceChildren(
      h("p", { class: "intro" }, intro),
      field(t.name, "leave-name", "text", "name"),
      h("div", { class: "row" }, field(t.phone, "leave-phone", "tel", "tel"), field(t.email, "leave-email", "email", "email")),
      h("label", {}, h("span", {}, t.content, " *"), content),
      counter,
      h("p", { class: "ferr", role: "alert", hidden: true }),
      h("button", { class: "primary", type: "submit", "data-kefu": "leave-submit" }, t.submit),
      ...(this.session.state === "LeaveMessage" ? [] : [h("button", { class: "secondary", type: "button", onclick: () => this.showView("chat") }, t.back)]),
    );
  }

  // ---- helpers ----

  private canCompose(): boolean {
    const s = this.session;
    return s.state === "None" || s.isOpen;
  }

  private updateSendButton(): void {
    this.sendBtn.disabled = this.input.value.trim().length === 0;
  }

  private autosize(): void {
    this.input.style.height = "auto";
    this.input.style.height = `${Math.min(120, this.input.scrollHeight + 2)}px`;
  }

  private scrollToEnd(): void {
    requestAnimationFrame(() => (this.log.scrollTop = this.log.scrollHeight));
  }

  private showError(text: string): void {
    this.errorText = text;
    this.render();
    setTimeout(() => {
      if (this.errorText === text) {
        this.errorText = "";
        this.render();
      }
    }, 6000);
  }

  private onPanelKey(e: KeyboardEvent): void {
    if (e.key === "Escape") {
      e.preventDefault();
      this.close();
      return;
    }
    // Full screen on small screens: keep Tab inside the panel.
    if (e.key !== "Tab" || window.innerWidth >= 480) return;
    const focusable = Array.from(this.panel.querySelectorAll<HTMLElement>("button,input,textarea,a[href],[tabindex]")).filter(
      (el) => !el.hasAttribute("disabled") && el.tabIndex >= 0 && el.getClientRects().length > 0,
    );
    if (!focusable.length) return;
    const active = (this.host.shadowRoot as ShadowRoot).activeElement;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (e.shiftKey && active === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && active === last) {
      e.preventDefault();
      first.focus();
    }
  }

  private visibilityChanged(): void {
    if (!document.hidden && this.opened) this.session.markRead();
    this.render();
    this.emitUnread();
  }

  private emitUnread(): void {
    this.events.emit("unread", this.session.unread);
  }

  private toggleSound(): void {
    this.soundOn = !this.soundOn;
    this.write("sound", this.soundOn ? null : "off");
    this.render();
  }

  private beep(): void {
    if (this.soundOn) playChime();
  }

  private read(name: string): string | null {
    try {
      return this.store?.getItem(this.key + name) ?? null;
    } catch {
      return null;
    }
  }

  private write(name: string, value: string | null): void {
    try {
      if (value === null) this.store?.removeItem(this.key + name);
      else this.store?.setItem(this.key + name, value);
    } catch {
      // Storage full or blocked: the session lasts as long as the page.
    }
  }
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function agentStateText(t: Texts, state: string): string {
  return state === "Online" ? t.online : state === "Busy" ? t.busy : state === "Leave" ? t.away : t.offline;
}

function itemKey(item: TimelineItem): string {
  if (item.kind === "notice") return `n${item.notice.id}`;
  const m = item.message;
  return m.seq !== undefined ? `s${m.seq}` : `c${m.clientMessageId}`;
}

function itemSignature(item: TimelineItem): string {
  if (item.kind === "notice") return "n";
  const m = item.message;
  return `${m.state}|${m.seq}|${m.type}|${m.url}|${m.progress === undefined ? "" : Math.round(m.progress * 20)}|${m.error ?? ""}`;
}

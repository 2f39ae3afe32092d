import { ChatConnection, type ConnectionState } from "../shared/ChatConnection";
import type { ChatMessage, MessageEvent } from "../shared/ChatMessage";
import { h, icon } from "../shared/dom";
import { errorMessage } from "../shared/errors";
import { ApiFailure } from "../shared/HubRest";
import { countGraphemes } from "../shared/graphemes";
import { format, type Lang } from "../shared/i18n";
import { ICONS } from "./icons";
import { newId } from "../shared/ids";
import { formatTime, isEmojiOnly } from "../shared/MessageBody";
import { Outbox, type OutgoingMessage } from "../shared/Outbox";
import { isMissingRoute, type AgentApi, type AgentSelf, type AgentSelfChange, type LeaveMessage, type Queue, type VisitorProfile } from "./AgentApi";
import { ChatPane } from "./ChatPane";
import { CloseDialog } from "./CloseDialog";
import { ConversationView, type ConversationContext } from "./ConversationView";
import { InboxSession, type EndKind, type SessionInfo } from "./InboxSession";
import { LeaveMessagesPanel } from "./LeaveMessagesPanel";
import type { LocalStore, StoredLogin } from "./LocalStore";
import { MyProfileDialog } from "./MyProfileDialog";
import { Notifier } from "./Notifier";
import { preview, visitorName } from "./present";
import { ProfilePanel } from "./ProfilePanel";
import { QuickReplyBook } from "./QuickReplyBook";
import { QuickReplyDialog } from "./QuickReplyDialog";
import { SessionList, type WaitingItem } from "./SessionList";
import type { WorkspaceTexts } from "./texts";
import { TransferDialog } from "./TransferDialog";

const STATES = ["Online", "Busy", "Leave", "Hidden", "Offline"] as const;
const MAX_FILE_BYTES = 10 * 1024 * 1024;
const HISTORY_PAGE = 500;
const TYPING_SHOWN_MS = 8000;

interface WorkspaceResult {
  agent: { userId: string; username: string; nicename: string; roles: string; maxServiceSessionCount: number };
  state: string;
  sessions: SessionInfo[];
  waiting: { count: number; items: WaitingItem[] };
  settings?: { summaryRequired?: boolean };
}

type Pane = "list" | "chat" | "details";

export interface WorkspaceOptions {
  hubOrigin: string;
  lang: Lang;
  t: WorkspaceTexts;
  login: StoredLogin;
  api: AgentApi;
  store: LocalStore;
  /** Signed out (by the agent, another tab, or an expired token): show the login with this notice. */
  signedOut: (notice?: string) => void;
  languageButton: () => HTMLElement;
}

/**
 * The agent workspace: the hub connection and everything on screen. Sessions are kept as
 * {@link InboxSession}s; a session's log is built only when the agent first opens it, and each hub event
 * changes the few elements it concerns.
 */
export class Workspace {
  readonly el: HTMLElement;
  private readonly t: WorkspaceTexts;
  private readonly api: AgentApi;
  private readonly store: LocalStore;
  private readonly notifier: Notifier;
  private readonly connection: ChatConnection;
  private readonly sessions = new Map<string, InboxSession>();
  private readonly views = new Map<string, ConversationView>();
  private readonly outboxes = new Map<string, Outbox>();
  private readonly drafts = new Map<string, string>();
  private readonly filling = new Map<string, Promise<void>>();
  /** First pages of history asked for at start, before the hub says which sessions are the agent's. */
  private readonly prefetched = new Map<string, Promise<MessageEvent[] | null>>();
  private readonly pendingFiles = new Map<string, File>();
  private readonly typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly pickedHere = new Set<string>();
  private readonly ctx: ConversationContext;
  private readonly list: SessionList;
  private readonly chat: ChatPane;
  private readonly profile: ProfilePanel;
  private readonly leave: LeaveMessagesPanel;
  private readonly transferDialog: TransferDialog;
  private readonly closeDialog: CloseDialog;
  private readonly quickBook: QuickReplyBook;
  private readonly quickDialog: QuickReplyDialog;
  private readonly myProfile: MyProfileDialog;
  private readonly stateSelect: HTMLSelectElement;
  private readonly stateDot: HTMLSpanElement;
  private readonly connEl: HTMLDivElement;
  private readonly agentName: HTMLParagraphElement;
  private readonly navChats: HTMLButtonElement;
  private readonly navLeave: HTMLButtonElement;
  private readonly leaveBadge: HTMLSpanElement;
  private readonly soundBtn: HTMLButtonElement;
  private readonly desktopBtn: HTMLButtonElement;
  private agent: WorkspaceResult["agent"] | null = null;
  /** The agent's token: a new one after it changes its password here or in another tab. */
  private login: StoredLogin;
  /** While a password change is under way: the token the hub connection waits for (the hub drops the old one). */
  private tokenRenewal: Promise<string> | null = null;
  private summaryRequired = false;
  /** The state the agent last chose here or on another device; what a reconnect restores. */
  private chosenState = "Offline";
  private queues: Queue[] = [];
  private active: string | null = null;
  private pane: Pane = "list";
  private mode: "chats" | "leave" = "chats";
  private ready = false;
  private leaveUnseen = 0;
  private typingSentAt = 0;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private waitingRefresh: Promise<void> | null = null;
  private waitingAgain = false;
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;
  private clock: ReturnType<typeof setInterval> | undefined;
  private stopped = false;

  constructor(private readonly options: WorkspaceOptions) {
    const t = (this.t = options.t);
    this.login = options.login;
    this.api = options.api;
    this.store = options.store;
    this.notifier = new Notifier(this.store);
    this.ctx = { t, lang: options.lang, hubOrigin: options.hubOrigin, retry: (s, m) => this.retry(s, m) };
    const queueName = (id: number | null | undefined) => (id == null ? t.anyQueue : (this.queues.find((q) => q.queueId === id)?.queueName ?? format(t.queue, { name: String(id) })));

    this.list = new SessionList(t, { select: (id) => this.select(id, true), pick: (id, b) => void this.pick(id, b) }, queueName);
    this.chat = new ChatPane(t, {
      send: (text) => this.sendText(text),
      files: (files) => files.forEach((f) => this.sendFile(f)),
      typing: () => this.sendTyping(),
      quickReplies: () => this.quickBook.all(),
      manageQuickReplies: () => this.quickDialog.open(),
      back: () => this.setPane("list"),
      details: () => this.setPane(this.pane === "details" ? "chat" : "details"),
      inviteRating: (b) => void this.inviteRating(b),
      transfer: () => this.openTransfer(),
      close: () => this.openClose(),
    }, (s) => `${queueName(s.info.queueId)} · ${formatTime(s.info.startDateTime ?? s.info.createDatetime, options.lang)}`);
    this.profile = new ProfilePanel(t, options.lang, this.api, queueName, (p) => this.profileSaved(p));
    this.leave = new LeaveMessagesPanel(t, options.lang, this.api, () => this.agent?.username ?? options.login.username);
    this.transferDialog = new TransferDialog(t, { agents: () => this.api.onlineAgents(), queues: () => this.loadQueues(), self: () => this.agent?.username ?? "" });
    this.closeDialog = new CloseDialog(t, () => this.api.summaries());
    this.quickBook = new QuickReplyBook({
      list: () => this.quickReplies(),
      create: (group, text) => this.api.createQuickReply(group, text),
      update: (id, group, text) => this.api.updateQuickReply(id, group, text),
      remove: (id) => this.api.deleteQuickReply(id),
    });
    this.quickDialog = new QuickReplyDialog(t, this.quickBook);
    this.myProfile = new MyProfileDialog(t, { me: () => this.api.me(), save: (change) => this.saveMe(change) });

    // Inbox header: who, state, connection.
    this.stateSelect = h("select", { id: "ws-state", class: "select state", "data-kefu": "state", "aria-label": t.stateLabel });
    for (const s of STATES) this.stateSelect.append(h("option", { value: s }, t[s]));
    this.stateSelect.value = "Offline";
    this.stateSelect.addEventListener("change", () => void this.setState(this.stateSelect.value));
    this.stateDot = h("span", { class: "dot", "data-state": "Offline", "aria-hidden": "true" });
    this.agentName = h("p", { class: "me" }, options.login.username);
    this.connEl = h("div", { class: "conn", "data-kefu": "connection", "data-state": "connecting", role: "status" }, t.connecting);
    const inbox = h(
      "aside",
      { class: "inbox", "aria-label": t.conversations },
      h("header", { class: "ihead" }, h("div", { class: "me-box" }, this.agentName, h("div", { class: "state-box" }, this.stateDot, this.stateSelect))),
      this.connEl,
      this.list.el,
    );

    // Rail: sections and preferences.
    this.navChats = h("button", { class: "nav", type: "button", "aria-label": t.conversations, title: t.conversations, "aria-current": "page", onclick: () => this.setMode("chats") }, icon(ICONS.inbox));
    this.leaveBadge = h("span", { class: "nbadge", hidden: true });
    this.navLeave = h("button", { class: "nav", type: "button", "aria-label": t.leaveMessages, title: t.leaveMessages, onclick: () => this.setMode("leave") }, icon(ICONS.mail), this.leaveBadge);
    this.soundBtn = h("button", { class: "nav", type: "button", onclick: () => this.toggleSound() });
    this.desktopBtn = h("button", { class: "nav", type: "button", onclick: () => void this.toggleDesktop() });
    const me = h("button", { class: "nav", type: "button", "data-kefu": "my-profile", "aria-label": t.myProfile, title: t.myProfile, "aria-haspopup": "dialog", onclick: () => this.myProfile.open() }, icon(ICONS.account));
    const signOut = h("button", { class: "nav", type: "button", "aria-label": t.signOut, title: t.signOut, onclick: () => void this.signOut() }, icon(ICONS.logout));
    const rail = h(
      "nav",
      { class: "rail", "aria-label": t.title },
      h("span", { class: "logo", "aria-hidden": "true" }, icon(ICONS.chat, 22)),
      this.navChats,
      this.navLeave,
      h("span", { class: "grow" }),
      this.soundBtn,
      this.desktopBtn,
      options.languageButton(),
      me,
      signOut,
    );

    this.el = h("div", { class: "app", "data-mode": "chats", "data-pane": "list" }, rail, inbox, this.chat.el, h(
        "aside",
        { class: "details", "aria-label": t.details },
        h("div", { class: "dhead" }, h("button", { class: "icon-btn", type: "button", "aria-label": t.back, title: t.back, onclick: () => this.setPane("chat") }, icon(ICONS.back)), h("span", {}, t.details)),
        this.profile.el,
      ), this.leave.el);
    this.paintPrefs();

    this.connection = new ChatConnection({
      url: `${options.hubOrigin}/hubs/agent`,
      accessToken: () => this.tokenRenewal ?? this.login.token,
      retryDelays: (window as any).__kefuRetryDelays,
      onState: (state) => this.connectionState(state),
      onConnected: (reconnect) => void this.sync(reconnect),
      onStartError: (error) => {
        if ((error as { statusCode?: number })?.statusCode === 401) this.tokenRefused();
      },
    });
    this.connection.on("sessionAssigned", (e) => this.onAssigned(e.session as SessionInfo));
    this.connection.on("message", (e: MessageEvent) => this.onMessage(e, true));
    this.connection.on("typing", (e) => this.onTyping(e.serviceSessionId, !!e.typing));
    this.connection.on("sessionState", (e) => this.onSessionState(e.serviceSessionId, e.state));
    this.connection.on("queueChanged", () => void this.refreshWaiting());
    this.connection.on("agentState", (e) => {
      this.chosenState = e.state;
      this.showState(e.state);
    });
    this.connection.on("leaveMessage", (e: LeaveMessage) => this.onLeaveMessage(e));
  }

  start(): void {
    this.api.token = this.login.token;
    this.connection.start();
    // A reload usually finds the same sessions: their histories load while the hub connects, four at a
    // time, so that the browser's six connections to the hub keep room for the hub's negotiate call.
    const lanes: Promise<unknown>[] = [Promise.resolve(), Promise.resolve(), Promise.resolve(), Promise.resolve()];
    this.store.sessionIds(this.scope).forEach((id, i) => {
      const page = lanes[i % lanes.length].then(() => this.api.messages(id, 0, HISTORY_PAGE)).catch(() => null);
      lanes[i % lanes.length] = page;
      this.prefetched.set(id, page);
    });
    void this.loadQueues().catch(() => {});
    this.watchExpiry();
    this.clock = setInterval(() => this.list.tick(), 30_000);
    this.store.onChange((key, value) => this.storageChanged(key, value));
    document.addEventListener("keydown", (e) => this.onKey(e));
    document.addEventListener("visibilitychange", () => this.seen());
    window.addEventListener("focus", () => this.seen());
  }

  async signOut(notice?: string): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.expiryTimer);
    clearInterval(this.clock);
    this.store.login = null;
    await this.connection.stop().catch(() => {});
    this.options.signedOut(notice);
  }

  // ---- hub ----

  /** After every (re)connect: the workspace as the hub has it, every history complete. */
  private async sync(reconnect: boolean): Promise<void> {
    // User timing marks of the first screen, read by the performance test (docs/performance.md).
    const mark = (name: string) => !this.ready && performance.mark(`kefu-${name}`);
    mark("hub-connected");
    let ws: WorkspaceResult;
    try {
      ws = await this.connection.invoke<WorkspaceResult>("GetWorkspace");
      mark("workspace-read");
    } catch (error) {
      if (!this.connection.isTransient(error)) this.chat.toast(errorMessage(error));
      return;
    }
    this.agent = ws.agent;
    this.agentName.textContent = ws.agent.nicename || ws.agent.username;
    this.summaryRequired = !!ws.settings?.summaryRequired;
    const restore = reconnect && ws.state === "Offline" && this.chosenState !== "Offline" ? this.chosenState : null;
    if (!restore) this.chosenState = ws.state;
    this.showState(ws.state);
    const served = new Set(ws.sessions.map((s) => s.serviceSessionId));
    const waiting = new Set(ws.waiting.items.map((s) => s.serviceSessionId));
    for (const info of ws.sessions) this.addSession(info);
    for (const s of [...this.sessions.values()]) if (!served.has(s.id) && !s.ended) this.ended(s, waiting.has(s.id) ? "requeued" : "closed");
    for (const id of [...this.prefetched.keys()]) if (!served.has(id)) this.prefetched.delete(id);
    this.rememberSessions();
    this.list.setWaiting(ws.waiting.items, ws.waiting.count);
    await Promise.all([...this.sessions.values()].filter((s) => !s.ended).map((s) => this.fillGap(s)));
    mark("histories-read");
    for (const outbox of this.outboxes.values()) outbox.setOnline(true);
    if (!this.ready) {
      const remembered = sessionStorage.getItem("kefuhub:ws:active");
      const first = remembered && this.sessions.has(remembered) ? remembered : this.list.order[0];
      if (first && (remembered || this.wide)) this.select(first, false);
      this.el.dataset.ready = "true";
      mark("workspace-ready");
      this.ready = true;
    }
    if (reconnect) {
      this.title();
      // The hub forgot the agent's state (it restarted, or the connection was away past the grace): the
      // agent did not choose Offline, so the state it had comes back.
      if (restore) void this.setState(restore);
    }
  }

  private addSession(info: SessionInfo): InboxSession {
    let s = this.sessions.get(info.serviceSessionId);
    if (s && !s.ended) {
      s.info = { ...s.info, ...info };
      this.list.upsert(s);
      this.chat.header(s);
      return s;
    }
    const shown = this.active === info.serviceSessionId;
    s = new InboxSession(info);
    s.readSeq = this.store.readSeq(this.scope, s.id);
    this.sessions.set(s.id, s);
    this.views.delete(s.id);
    this.list.upsert(s);
    // The session came back (picked again, transferred back) while its ended pane was open.
    if (shown) this.select(s.id, false);
    if (this.ready) this.rememberSessions();
    return s;
  }

  /**
   * Everything after the last contiguous seq (the whole history the first time), paged. Over REST: the
   * sessions load in parallel (a hub connection runs its calls one at a time) and outside the hub's
   * per-agent call budget, which live work needs.
   */
  private fillGap(s: InboxSession): Promise<void> {
    const running = this.filling.get(s.id);
    if (running) return running;
    const run = (async () => {
      try {
        for (;;) {
          const afterSeq = s.messages.contiguousSeq;
          const early = afterSeq === 0 ? this.prefetched.get(s.id) : undefined;
          this.prefetched.delete(s.id);
          const page = (early && (await early)) || (await this.api.messages(s.id, afterSeq, HISTORY_PAGE));
          for (const m of page) this.onMessage(m, false);
          if (page.length < HISTORY_PAGE || s.messages.contiguousSeq === afterSeq) break;
        }
        s.loaded = true;
        if (this.isLookingAt(s)) this.markRead(s);
        this.list.upsert(s, true);
        if (this.active === s.id) this.views.get(s.id)?.scrollToEnd();
        this.title();
      } catch (error) {
        // Offline: the next reconnect fills it. A session gone meanwhile answers 404: its state event follows.
        if (error instanceof ApiFailure && error.status === 401) this.tokenRefused();
        else if (!(error instanceof ApiFailure && (error.status === 0 || error.status === 404))) this.chat.toast(errorMessage(error));
      } finally {
        this.filling.delete(s.id);
      }
    })();
    this.filling.set(s.id, run);
    return run;
  }

  private onMessage(event: MessageEvent, live: boolean): void {
    const s = this.sessions.get(event.serviceSessionId);
    if (!s || s.ended) return;
    const outcome = s.add(event);
    const view = this.views.get(s.id);
    const follow = view && this.active === s.id && (view.nearEnd || event.from === "agent");
    view?.added(outcome);
    if (!live) return;
    if (event.from === "visitor" && s.visitorTyping) this.onTyping(s.id, false);
    const looking = this.isLookingAt(s);
    if (looking) this.markRead(s);
    this.list.upsert(s, outcome.appended);
    if (follow) view!.scrollToEnd();
    this.title();
    if (outcome.added && event.from === "visitor") {
      this.notifier.notify(format(this.t.newMessage, { name: visitorName(s.info, this.t) }), preview(outcome.message, this.t), s.id, looking, () => this.select(s.id, false));
    }
    if (outcome.gap) void this.fillGap(s);
  }

  private onAssigned(info: SessionInfo): void {
    const isNew = !this.sessions.get(info.serviceSessionId) || !!this.sessions.get(info.serviceSessionId)!.ended;
    const s = this.addSession(info);
    void this.fillGap(s);
    if (isNew && !this.pickedHere.delete(s.id)) {
      this.notifier.notify(this.t.newSession, visitorName(info, this.t), s.id, false, () => this.select(s.id, false));
    }
    void this.refreshWaiting();
  }

  /** Only the agent losing a session gets its state: closed, back in a queue, or with another agent. */
  private onSessionState(sessionId: string, state: string): void {
    const s = this.sessions.get(sessionId);
    if (s && !s.ended) this.ended(s, state === "Terminal" || state === "Abort" ? "closed" : state === "Wait" ? "requeued" : "transferred");
  }

  private ended(s: InboxSession, kind: EndKind): void {
    s.ended = kind;
    s.visitorTyping = false;
    this.list.remove(s.id);
    this.outboxes.delete(s.id);
    this.drafts.delete(s.id);
    this.store.forgetSession(this.scope, s.id);
    this.rememberSessions();
    if (this.active === s.id) this.chat.ended(kind);
    else this.forget(s.id);
    this.title();
  }

  private rememberSessions(): void {
    this.store.setSessionIds(this.scope, [...this.sessions.values()].filter((s) => !s.ended).map((s) => s.id));
  }

  private forget(sessionId: string): void {
    this.sessions.delete(sessionId);
    this.views.delete(sessionId);
  }

  private onTyping(sessionId: string, typing: boolean): void {
    const s = this.sessions.get(sessionId);
    if (!s || s.ended) return;
    s.visitorTyping = typing;
    clearTimeout(this.typingTimers.get(sessionId));
    // A visitor who closes the page never sends typing:false.
    if (typing) this.typingTimers.set(sessionId, setTimeout(() => this.onTyping(sessionId, false), TYPING_SHOWN_MS));
    if (this.active === sessionId) this.chat.setTyping(typing);
  }

  private onLeaveMessage(item: LeaveMessage): void {
    const isNew = item.createDatetime === item.updateDatetime;
    this.leave.pushed(item);
    if (!isNew) return;
    if (this.mode !== "leave") {
      this.leaveUnseen++;
      this.leaveBadge.textContent = String(this.leaveUnseen);
      this.leaveBadge.hidden = false;
    }
    this.notifier.notify(this.t.leaveMessages, item.content, `leave-${item.leaveMessageId}`, this.mode === "leave" && document.hasFocus(), () => this.setMode("leave"));
  }

  /** `queueChanged` says a line moved: read the waiting list again, one call at a time. */
  private async refreshWaiting(): Promise<void> {
    if (this.waitingRefresh) {
      this.waitingAgain = true;
      return;
    }
    this.waitingRefresh = (async () => {
      do {
        this.waitingAgain = false;
        try {
          const ws = await this.connection.invoke<WorkspaceResult>("GetWorkspace");
          this.list.setWaiting(ws.waiting.items, ws.waiting.count);
        } catch {
          // Disconnected: the next sync reads it.
          return;
        }
      } while (this.waitingAgain);
    })().finally(() => (this.waitingRefresh = null));
  }

  // ---- agent actions ----

  private async setState(state: string): Promise<void> {
    const previous = this.stateDot.dataset.state ?? "Offline";
    this.chosenState = state;
    this.showState(state);
    try {
      await this.connection.invoke("SetState", { state });
    } catch (error) {
      this.showState(previous);
      this.chat.toast(errorMessage(error));
    }
  }

  private showState(state: string): void {
    this.stateSelect.value = state;
    this.stateDot.dataset.state = state;
  }

  private async pick(sessionId: string, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    button.textContent = this.t.picking;
    this.pickedHere.add(sessionId);
    try {
      const info = await this.connection.invoke<SessionInfo>("Pick", { serviceSessionId: sessionId });
      const s = this.addSession(info);
      this.select(s.id, true);
      await this.fillGap(s);
      void this.refreshWaiting();
    } catch (error) {
      this.pickedHere.delete(sessionId);
      button.disabled = false;
      button.textContent = this.t.pick;
      this.chat.toast(errorMessage(error));
      void this.refreshWaiting();
    }
  }

  private openTransfer(): void {
    const s = this.current;
    if (!s) return;
    this.transferDialog.open(async (target) => {
      const { label, ...to } = target;
      await this.connection.invoke("Transfer", { serviceSessionId: s.id, ...to });
      this.chat.toast(format(this.t.transferred, { target: label }));
    });
  }

  private openClose(): void {
    const s = this.current;
    if (!s) return;
    this.closeDialog.open(this.summaryRequired, async (choice) => {
      await this.connection.invoke("Close", { serviceSessionId: s.id, summaryIds: choice.summaryIds, comment: choice.comment });
      this.chat.toast(this.t.closed);
    });
  }

  private async inviteRating(button: HTMLButtonElement): Promise<void> {
    const s = this.current;
    if (!s) return;
    button.disabled = true;
    try {
      await this.connection.invoke("InviteRating", { serviceSessionId: s.id });
      this.chat.toast(this.t.ratingInvited);
    } catch (error) {
      this.chat.toast(errorMessage(error));
    } finally {
      button.disabled = !!s.ended;
    }
  }

  private async quickReplies() {
    try {
      return await this.api.quickReplies();
    } catch (error) {
      if (isMissingRoute(error)) return null;
      throw error;
    }
  }

  /**
   * `PUT /agents/me`. A new password makes the hub drop every token of the agent and its connections, so
   * the workspace signs in again with it; the hub connection, reconnecting meanwhile, waits for that token.
   */
  private async saveMe(change: AgentSelfChange): Promise<AgentSelf> {
    if (!change.password) {
      const me = await this.api.updateMe(change);
      this.meChanged(me);
      this.chat.toast(this.t.profileSaved);
      return me;
    }
    let settle!: (token: string) => void;
    this.tokenRenewal = new Promise((resolve) => (settle = resolve));
    try {
      const me = await this.api.updateMe(change);
      this.meChanged(me);
      try {
        const token = await this.api.login(this.login.username, change.password);
        this.adoptLogin({ ...this.login, token: token.accessToken, expiresAt: Date.now() + token.expireTime * 1000 });
        this.store.login = this.login;
        this.chat.toast(this.t.passwordChanged);
      } catch {
        void this.signOut(this.t.passwordChangedSignIn);
      }
      return me;
    } finally {
      settle(this.login.token);
      this.tokenRenewal = null;
    }
  }

  private meChanged(me: AgentSelf): void {
    if (this.agent) this.agent = { ...this.agent, nicename: me.nicename };
    this.agentName.textContent = me.nicename || me.username;
  }

  /** The hub refused the token: a newer one that another tab stored (its password change) is taken up, else the agent signs in again. */
  private tokenRefused(): void {
    const stored = this.store.login;
    if (stored && this.isMine(stored) && stored.token !== this.login.token) this.adoptLogin(stored);
    else void this.signOut(this.t.expired);
  }

  private isMine(login: StoredLogin): boolean {
    return login.tenantId === this.login.tenantId && login.username === this.login.username;
  }

  /** A new token for the same agent (after a password change): REST, the hub's next connect and the expiry use it. */
  private adoptLogin(login: StoredLogin): void {
    this.login = login;
    this.api.token = login.token;
    this.watchExpiry();
  }

  private watchExpiry(): void {
    clearTimeout(this.expiryTimer);
    const left = this.login.expiresAt - Date.now();
    this.expiryTimer = setTimeout(() => void this.signOut(this.t.expired), Math.max(0, Math.min(left, 2 ** 31 - 1)));
  }

  private async loadQueues(): Promise<Queue[]> {
    this.queues = await this.api.queues();
    return this.queues;
  }

  private profileSaved(profile: VisitorProfile): void {
    for (const s of this.sessions.values()) {
      if (s.info.visitorId !== profile.visitorId) continue;
      s.info = { ...s.info, visitorNickname: profile.nickname };
      if (!s.ended) this.list.upsert(s);
      this.chat.header(s);
    }
  }

  // ---- sending ----

  private get current(): InboxSession | null {
    const s = this.active ? this.sessions.get(this.active) : undefined;
    return s && !s.ended ? s : null;
  }

  private outbox(s: InboxSession): Outbox {
    let outbox = this.outboxes.get(s.id);
    if (!outbox) {
      outbox = new Outbox({
        send: (m) => this.connection.invoke("SendMessage", { serviceSessionId: s.id, ...m }),
        isTransient: (e) => this.connection.isTransient(e),
        onAck: (m, ack) => {
          const stored = s.acked(m.clientMessageId, ack);
          if (stored) this.views.get(s.id)?.acked(m.clientMessageId, stored);
          if (!s.ended) this.list.upsert(s);
        },
        onFail: (m, e) => this.updateLocal(s, m.clientMessageId, { state: "failed", progress: undefined, error: errorMessage(e) }),
      });
      outbox.setOnline(this.connection.isConnected);
      this.outboxes.set(s.id, outbox);
    }
    return outbox;
  }

  private sendText(text: string): void {
    const s = this.current;
    if (!s) return;
    const type = isEmojiOnly(text, countGraphemes(text)) ? "emoji" : "txt";
    this.queue(s, { clientMessageId: newId(), type, text });
    this.stopTyping(s);
  }

  private queue(s: InboxSession, message: OutgoingMessage): void {
    const local: ChatMessage = { clientMessageId: message.clientMessageId, from: "agent", type: message.type as ChatMessage["type"], text: message.text, url: message.url, ext: message.ext, state: "sending", createDatetime: new Date().toISOString() };
    s.addLocal(local);
    this.views.get(s.id)?.local(local);
    this.list.upsert(s, true);
    this.views.get(s.id)?.scrollToEnd();
    this.outbox(s).enqueue(message);
  }

  private sendFile(file: File): void {
    const s = this.current;
    if (!s) return;
    const clientMessageId = newId();
    const isImage = /^image\/(png|jpeg|gif|webp)$/.test(file.type);
    const local: ChatMessage = { clientMessageId, from: "agent", type: isImage ? "img" : "file", text: file.name, ext: { name: file.name, size: file.size }, state: "sending", progress: 0, createDatetime: new Date().toISOString() };
    s.addLocal(local);
    this.views.get(s.id)?.local(local);
    this.list.upsert(s, true);
    this.views.get(s.id)?.scrollToEnd();
    if (file.size > MAX_FILE_BYTES) {
      this.updateLocal(s, clientMessageId, { state: "failed", progress: undefined, error: this.t.fileTooBig });
      return;
    }
    this.pendingFiles.set(clientMessageId, file);
    void this.upload(s, clientMessageId, file);
  }

  private async upload(s: InboxSession, clientMessageId: string, file: File): Promise<void> {
    let shown = 0;
    try {
      const uploaded = await this.api.upload(file, this.login.token, (p) => {
        // A step per 5% is enough to see it move.
        if (p - shown < 0.05 && p < 1) return;
        shown = p;
        this.updateLocal(s, clientMessageId, { progress: p });
      });
      this.pendingFiles.delete(clientMessageId);
      const type = uploaded.contentType.startsWith("image/") ? "img" : "file";
      const ext = { name: uploaded.name, size: uploaded.size, contentType: uploaded.contentType, fileId: uploaded.fileId };
      this.updateLocal(s, clientMessageId, { type, url: uploaded.url, text: uploaded.name, ext, progress: undefined });
      this.outbox(s).enqueue({ clientMessageId, type, text: uploaded.name, url: uploaded.url, ext });
    } catch (error) {
      this.updateLocal(s, clientMessageId, { state: "failed", progress: undefined, error: format(this.t.uploadFailed, { reason: errorMessage(error) }) });
    }
  }

  private updateLocal(s: InboxSession, clientMessageId: string, change: Partial<ChatMessage>): void {
    const m = s.messages.updateLocal(clientMessageId, change);
    if (m) this.views.get(s.id)?.updateLocal(m);
  }

  private retry(s: InboxSession, message: ChatMessage): void {
    const id = message.clientMessageId;
    if (!id || s.ended) return;
    const file = this.pendingFiles.get(id);
    this.updateLocal(s, id, { state: "sending", error: undefined, progress: file ? 0 : undefined });
    if (file) void this.upload(s, id, file);
    else this.outbox(s).enqueue({ clientMessageId: id, type: message.type, text: message.text ?? undefined, url: message.url ?? undefined, ext: message.ext });
  }

  private sendTyping(): void {
    const s = this.current;
    if (!s || !this.connection.isConnected) return;
    const now = Date.now();
    if (now - this.typingSentAt > 2500) {
      this.typingSentAt = now;
      void this.connection.invoke("Typing", { serviceSessionId: s.id, typing: true }).catch(() => {});
    }
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.stopTyping(s), 4000);
  }

  private stopTyping(s: InboxSession): void {
    clearTimeout(this.typingTimer);
    if (!this.typingSentAt || !this.connection.isConnected) return;
    this.typingSentAt = 0;
    void this.connection.invoke("Typing", { serviceSessionId: s.id, typing: false }).catch(() => {});
  }

  // ---- navigation ----

  private select(sessionId: string, focusComposer: boolean): void {
    const s = this.sessions.get(sessionId);
    if (!s) return;
    this.setMode("chats");
    const previous = this.active ? this.sessions.get(this.active) : undefined;
    if (previous && previous !== s) {
      if (previous.ended) this.forget(previous.id);
      else this.drafts.set(previous.id, this.chat.composer.draft);
      this.stopTyping(previous);
    }
    this.active = s.id;
    this.el.dataset.active = s.id;
    sessionStorage.setItem("kefuhub:ws:active", s.id);
    let view = this.views.get(s.id);
    if (!view) {
      view = new ConversationView(s, this.ctx);
      this.views.set(s.id, view);
    }
    this.list.setActive(s.id);
    this.chat.show(s, view);
    this.chat.composer.draft = this.drafts.get(s.id) ?? "";
    this.profile.show(s);
    this.setPane("chat");
    view.scrollToEnd();
    this.markRead(s);
    this.title();
    if (focusComposer && !s.ended) this.chat.composer.focus();
  }

  private setPane(pane: Pane): void {
    this.pane = pane;
    this.el.dataset.pane = pane;
    if (pane === "list" && this.active) this.list.focusRow(this.active);
  }

  private setMode(mode: "chats" | "leave"): void {
    this.mode = mode;
    this.el.dataset.mode = mode;
    this.navChats.toggleAttribute("aria-current", mode === "chats");
    if (mode === "chats") this.navChats.setAttribute("aria-current", "page");
    this.navLeave.toggleAttribute("aria-current", mode === "leave");
    if (mode === "leave") {
      this.navLeave.setAttribute("aria-current", "page");
      this.leaveUnseen = 0;
      this.leaveBadge.hidden = true;
      this.leave.shown();
    }
  }

  private onKey(e: KeyboardEvent): void {
    if (!e.altKey || (e.key !== "ArrowUp" && e.key !== "ArrowDown") || this.mode !== "chats") return;
    const order = this.list.order;
    if (!order.length) return;
    e.preventDefault();
    const i = this.active ? order.indexOf(this.active) : -1;
    const next = e.key === "ArrowDown" ? (i + 1) % order.length : (i <= 0 ? order.length : i) - 1;
    this.select(order[next], true);
  }

  // ---- reading, title, preferences ----

  private get scope(): string {
    return `${this.login.tenantId}:${this.login.username}`;
  }

  private get wide(): boolean {
    return window.matchMedia("(min-width: 900px)").matches;
  }

  private isLookingAt(s: InboxSession): boolean {
    return this.active === s.id && this.mode === "chats" && document.visibilityState === "visible" && (this.wide || this.pane !== "list");
  }

  private markRead(s: InboxSession): void {
    if (s.markRead()) this.list.upsert(s);
    this.store.setReadSeq(this.scope, s.id, s.readSeq);
  }

  private seen(): void {
    const s = this.current;
    if (s && this.isLookingAt(s)) this.markRead(s);
    this.title();
  }

  private title(): void {
    const unread = this.list.totalUnread;
    document.title = `${unread ? `(${unread > 99 ? "99+" : unread}) ` : ""}${this.t.title} · ${this.t.appName}`;
  }

  private storageChanged(key: string, value: string | null): void {
    if (key === "login" && value === null) {
      void this.signOut();
    } else if (key === "login") {
      const stored = this.store.login;
      if (stored && this.isMine(stored) && stored.token !== this.login.token) this.adoptLogin(stored);
    } else if (key.startsWith(`read:${this.scope}:`)) {
      const s = this.sessions.get(key.slice(`read:${this.scope}:`.length));
      if (s && s.setReadSeq(Number(value) || 0)) {
        this.list.upsert(s);
        this.title();
      }
    } else if (key.startsWith("pref:")) {
      this.paintPrefs();
    }
  }

  private toggleSound(): void {
    this.notifier.soundOn = !this.notifier.soundOn;
    this.paintPrefs();
  }

  private async toggleDesktop(): Promise<void> {
    const on = !this.notifier.desktopOn;
    if (!(await this.notifier.setDesktop(on))) this.chat.toast(this.t.notificationsBlocked);
    this.paintPrefs();
  }

  private paintPrefs(): void {
    const t = this.t;
    const sound = this.notifier.soundOn;
    this.soundBtn.replaceChildren(icon(sound ? ICONS.soundOn : ICONS.soundOff));
    this.soundBtn.setAttribute("aria-pressed", String(sound));
    this.soundBtn.setAttribute("aria-label", t.sound);
    this.soundBtn.title = sound ? t.soundOn : t.soundOff;
    const desktop = this.notifier.desktopOn;
    this.desktopBtn.replaceChildren(icon(desktop ? ICONS.bell : ICONS.bellOff));
    this.desktopBtn.setAttribute("aria-pressed", String(desktop));
    this.desktopBtn.setAttribute("aria-label", t.notifications);
    this.desktopBtn.title = desktop ? t.notificationsOn : t.notificationsOff;
  }

  private connectionState(state: ConnectionState): void {
    const t = this.t;
    this.connEl.dataset.state = state === "connecting" ? "reconnecting" : state;
    this.connEl.textContent = state === "connected" ? "" : state === "disconnected" ? t.disconnected : state === "connecting" ? t.connecting : t.reconnecting;
    this.connEl.hidden = state === "connected";
    if (state !== "connected") for (const outbox of this.outboxes.values()) outbox.setOnline(false);
  }
}

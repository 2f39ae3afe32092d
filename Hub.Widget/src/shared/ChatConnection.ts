import { HttpTransportType, HubConnectionBuilder, HubConnectionState, LogLevel, type HubConnection } from "@microsoft/signalr";
import { BackoffRetryPolicy, DEFAULT_RETRY_DELAYS_MS } from "./BackoffRetryPolicy";

/** What the UI shows; `data-state` of the `connection` hook. */
export type ConnectionState = "connecting" | "connected" | "reconnecting" | "disconnected";

export interface ChatConnectionOptions {
  /** Absolute hub url, e.g. https://hub.example.com/hubs/visitor. */
  url: string;
  accessToken: () => string | Promise<string>;
  retryDelays?: readonly number[];
  onState?: (state: ConnectionState) => void;
  /** After every (re)connect: the place to fill gaps and flush the outbox. */
  onConnected?: (reconnect: boolean) => void;
  /** A (re)start failed and will be retried; e.g. a 401 from negotiate says the token expired. */
  onStartError?: (error: unknown) => void;
}

/**
 * A hub connection that stays up: SignalR's automatic reconnect with our never-ending backoff, and
 * the same backoff for the first start and after a close (which automatic reconnect does not cover).
 * Shared by the widget and the agent workspace.
 */
export class ChatConnection {
  private readonly hub: HubConnection;
  private readonly policy: BackoffRetryPolicy;
  private stopped = true;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private everConnected = false;
  private current: ConnectionState = "disconnected";

  constructor(private readonly options: ChatConnectionOptions) {
    this.policy = new BackoffRetryPolicy(options.retryDelays ?? DEFAULT_RETRY_DELAYS_MS);
    this.hub = new HubConnectionBuilder()
      .withUrl(options.url, {
        accessTokenFactory: options.accessToken,
        transport: HttpTransportType.WebSockets | HttpTransportType.LongPolling,
        withCredentials: false,
      })
      .withAutomaticReconnect(this.policy)
      .configureLogging(LogLevel.None)
      .build();
    this.hub.onreconnecting(() => this.setState("reconnecting"));
    this.hub.onreconnected(() => this.connected());
    this.hub.onclose(() => {
      if (!this.stopped) {
        this.setState("reconnecting");
        this.schedule();
      } else {
        this.setState("disconnected");
      }
    });
  }

  get state(): ConnectionState {
    return this.current;
  }

  get isConnected(): boolean {
    return this.hub.state === HubConnectionState.Connected;
  }

  on(event: string, handler: (payload: any) => void): void {
    this.hub.on(event, handler);
  }

  invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    return this.hub.invoke<T>(method, ...args);
  }

  /** A call that failed because the connection went away, not because the hub refused it. */
  isTransient(error: unknown): boolean {
    if (!this.isConnected) return true;
    const text = error instanceof Error ? error.message : String(error);
    return /connection (being )?(was )?(closed|stopped|disconnected)|not in the 'Connected' State/i.test(text);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.attempt = 0;
    void this.tryStart();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.hub.stop();
    this.setState("disconnected");
  }

  private async tryStart(): Promise<void> {
    if (this.stopped || this.hub.state !== HubConnectionState.Disconnected) return;
    this.setState(this.everConnected ? "reconnecting" : "connecting");
    try {
      await this.hub.start();
      this.connected();
    } catch (error) {
      this.options.onStartError?.(error);
      this.schedule();
    }
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const delay = this.policy.delay(this.attempt++);
    this.timer = setTimeout(() => void this.tryStart(), delay);
  }

  private connected(): void {
    const reconnect = this.everConnected;
    this.everConnected = true;
    this.attempt = 0;
    this.setState("connected");
    this.options.onConnected?.(reconnect);
  }

  private setState(state: ConnectionState): void {
    if (state === this.current) return;
    this.current = state;
    this.options.onState?.(state);
  }
}

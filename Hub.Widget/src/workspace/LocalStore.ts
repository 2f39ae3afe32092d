export interface StoredLogin {
  tenantId: string;
  username: string;
  token: string;
  /** ms since the epoch. */
  expiresAt: number;
}

/**
 * What the workspace keeps in localStorage, shared by every tab of the browser: the login (so a second
 * tab is signed in, and signing out signs out all), preferences, and how far the agent has read each
 * session (so unread counts agree across tabs). `storage` events tell the other tabs of a change.
 */
export class LocalStore {
  private readonly prefix = "kefuhub:ws:";
  private readonly store: Storage | null;

  constructor() {
    let store: Storage | null = null;
    try {
      store = window.localStorage;
    } catch {
      store = null;
    }
    this.store = store;
  }

  get login(): StoredLogin | null {
    try {
      const login = JSON.parse(this.read("login") ?? "null") as StoredLogin | null;
      return login && typeof login.token === "string" && login.expiresAt > Date.now() ? login : null;
    } catch {
      return null;
    }
  }

  set login(login: StoredLogin | null) {
    this.write("login", login ? JSON.stringify(login) : null);
  }

  pref(name: string): string | null {
    return this.read(`pref:${name}`);
  }

  setPref(name: string, value: string | null): void {
    this.write(`pref:${name}`, value);
  }

  readSeq(scope: string, sessionId: string): number {
    return Number(this.read(`read:${scope}:${sessionId}`) ?? 0) || 0;
  }

  setReadSeq(scope: string, sessionId: string, seq: number): void {
    if (seq > this.readSeq(scope, sessionId)) this.write(`read:${scope}:${sessionId}`, String(seq));
  }

  /** The sessions the agent served when this browser last looked: their histories load while the hub connects. */
  sessionIds(scope: string): string[] {
    try {
      const ids = JSON.parse(this.read(`sessions:${scope}`) ?? "[]");
      return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string").slice(0, 100) : [];
    } catch {
      return [];
    }
  }

  setSessionIds(scope: string, ids: string[]): void {
    this.write(`sessions:${scope}`, JSON.stringify(ids.slice(0, 100)));
  }

  forgetSession(scope: string, sessionId: string): void {
    this.write(`read:${scope}:${sessionId}`, null);
  }

  /** Another tab changed a key: `login`, `pref:NAME` or `read:SCOPE:SESSION` (the value is null when removed). */
  onChange(handler: (key: string, value: string | null) => void): void {
    window.addEventListener("storage", (e) => {
      if (e.storageArea === this.store && e.key?.startsWith(this.prefix)) handler(e.key.slice(this.prefix.length), e.newValue);
    });
  }

  private read(key: string): string | null {
    try {
      return this.store?.getItem(this.prefix + key) ?? null;
    } catch {
      return null;
    }
  }

  private write(key: string, value: string | null): void {
    try {
      if (value === null) this.store?.removeItem(this.prefix + key);
      else this.store?.setItem(this.prefix + key, value);
    } catch {
      // Storage full or blocked: this tab still works, alone.
    }
  }
}

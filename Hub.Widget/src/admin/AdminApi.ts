import { ApiFailure } from "../shared/HubRest";

/** A signed-in administrator: the agent token of `POST /agents/token`, kept for this browser tab only. */
export interface ConsoleSession {
  tenantId: string;
  token: string;
  username: string;
  nicename: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

export type Query = Record<string, string | number | boolean | readonly (string | number)[] | null | undefined>;

/** The hub's REST calls the console makes, on the same origin; the token in a header, never a cookie. */
export class AdminApi {
  constructor(
    readonly session: ConsoleSession,
    private readonly onUnauthorized: () => void,
  ) {}

  static async login(tenantId: string, username: string, password: string): Promise<ConsoleSession> {
    const base = `/api/tenants/${encodeURIComponent(tenantId)}`;
    const login = await send("POST", `${base}/agents/token`, { username, password });
    const token: string = login.entity.accessToken;
    const me = (await send("GET", `${base}/agents/me`, undefined, token)).entity;
    // Administrators, and agents whose custom role holds the admin permission: the console's calls are theirs.
    const roles = String(me.roles ?? "").split(",").map((r) => r.trim().toLowerCase());
    const permissions: unknown[] = Array.isArray(me.permissions) ? me.permissions : [];
    if (!roles.includes("admin") && !permissions.includes("admin")) throw new ApiFailure(403, "API_006", "");
    return {
      tenantId,
      token,
      username: me.username,
      nicename: me.nicename,
      expiresAt: Date.now() + Number(login.entity.expireTime ?? 7200) * 1000,
    };
  }

  get<T = any>(path: string, query?: Query): Promise<T> {
    return this.call("GET", path, undefined, query);
  }

  post<T = any>(path: string, body?: unknown): Promise<T> {
    return this.call("POST", path, body ?? {});
  }

  put<T = any>(path: string, body?: unknown): Promise<T> {
    return this.call("PUT", path, body ?? {});
  }

  delete<T = any>(path: string, body?: unknown): Promise<T> {
    return this.call("DELETE", path, body);
  }

  /** The whole answer (`{status, entity | entities}`); a 401 signs the console out. */
  async call<T = any>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
    try {
      return await send(method, this.url(path, query), body, this.session.token);
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 401) this.onUnauthorized();
      throw error;
    }
  }

  /** A file answer read as it arrives, so that a long export can show how much has come. */
  async download(path: string, query: Query, onBytes: (received: number) => void): Promise<{ blob: Blob; headers: Headers; name: string }> {
    const response = await fetch(this.url(path, query), { headers: { Authorization: `Bearer ${this.session.token}` }, credentials: "omit" }).catch(() => {
      throw new ApiFailure(0, undefined, "");
    });
    if (!response.ok) {
      const data = await response.json().catch(() => undefined);
      if (response.status === 401) this.onUnauthorized();
      throw new ApiFailure(response.status, data?.errorCode, data?.errorDescription ?? `HTTP ${response.status}`);
    }
    const chunks: Uint8Array[] = [];
    let received = 0;
    const reader = response.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      onBytes(received);
    }
    const disposition = response.headers.get("Content-Disposition") ?? "";
    const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? "export.csv";
    return { blob: new Blob(chunks as BlobPart[], { type: response.headers.get("Content-Type") ?? "text/csv" }), headers: response.headers, name };
  }

  url(path: string, query?: Query): string {
    const url = `/api/tenants/${encodeURIComponent(this.session.tenantId)}${path}`;
    const search = toSearch(query);
    return search ? `${url}?${search}` : url;
  }
}

export function toSearch(query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) value.forEach((v) => params.append(key, String(v)));
    else params.append(key, String(value));
  }
  return params.toString();
}

async function send(method: string, url: string, body?: unknown, token?: string): Promise<any> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "omit" });
  } catch {
    throw new ApiFailure(0, undefined, "");
  }
  const data = await response.json().catch(() => undefined);
  if (!response.ok) {
    throw new ApiFailure(response.status, data?.errorCode, data?.errorDescription ?? `HTTP ${response.status}`);
  }
  return data;
}

/** What a visitor may see of its tenant's settings (GET /api/tenants/{t}/widget). */
export interface WidgetConfig {
  welcomeMessage?: string | null;
  enterpriseName?: string | null;
  logoUrl?: string | null;
  themeColor?: string | null;
  showAgentNickname: boolean;
  openNow: boolean;
}

export interface UploadedFile {
  fileId: string;
  url: string;
  name: string;
  size: number;
  contentType: string;
}

export class ApiFailure extends Error {
  constructor(readonly status: number, readonly code: string | undefined, message: string) {
    super(message);
  }
}

/** The hub's REST calls a visitor makes; no cookies, the token in a header. */
export class VisitorApi {
  constructor(readonly hubOrigin: string, readonly tenantId: string) {}

  private url(path: string): string {
    return `${this.hubOrigin}/api/tenants/${encodeURIComponent(this.tenantId)}${path}`;
  }

  async widgetConfig(): Promise<WidgetConfig> {
    return (await this.json("GET", "/widget")).entity as WidgetConfig;
  }

  async createVisitor(body: Record<string, unknown>): Promise<{ visitorId: string; token: string }> {
    return (await this.json("POST", "/visitors", body)).entity;
  }

  async updateProfile(visitorId: string, token: string, profile: Record<string, unknown>): Promise<void> {
    await this.json("PUT", `/visitors/${encodeURIComponent(visitorId)}`, profile, token);
  }

  /** multipart `file`, with upload progress (fetch has none for requests). */
  upload(file: File, token: string, onProgress: (fraction: number) => void): Promise<UploadedFile> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", this.url("/files"));
      xhr.setRequestHeader("Authorization", `Bearer ${token}`);
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
      xhr.onerror = () => reject(new ApiFailure(0, undefined, "network error"));
      xhr.onload = () => {
        let body: any;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          body = undefined;
        }
        if (xhr.status >= 200 && xhr.status < 300 && body?.entity) resolve(body.entity as UploadedFile);
        else reject(new ApiFailure(xhr.status, body?.errorCode, body?.errorDescription ?? `HTTP ${xhr.status}`));
      };
      const form = new FormData();
      form.append("file", file, file.name);
      xhr.send(form);
    });
  }

  private async json(method: string, path: string, body?: unknown, token?: string): Promise<any> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers.Authorization = `Bearer ${token}`;
    const response = await fetch(this.url(path), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "omit",
      mode: "cors",
    });
    const data = await response.json().catch(() => undefined);
    if (!response.ok) throw new ApiFailure(response.status, data?.errorCode, data?.errorDescription ?? `HTTP ${response.status}`);
    return data;
  }
}

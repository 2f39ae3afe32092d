export interface UploadedFile {
  fileId: string;
  url: string;
  name: string;
  size: number;
  contentType: string;
}

/** A refused REST call: the HTTP status and the hub's `errorCode` / `errorDescription`. */
export class ApiFailure extends Error {
  constructor(readonly status: number, readonly code: string | undefined, message: string) {
    super(message);
  }
}

/**
 * The hub's REST calls under `/api/tenants/{t}`, shared by the widget and the workspace: JSON in and
 * out, the token in a header and never a cookie, errors as {@link ApiFailure}.
 */
export class HubRest {
  constructor(readonly hubOrigin: string, readonly tenantId: string) {}

  protected url(path: string): string {
    return `${this.hubOrigin}/api/tenants/${encodeURIComponent(this.tenantId)}${path}`;
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

  protected async json(method: string, path: string, body?: unknown, token?: string): Promise<any> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers.Authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await fetch(this.url(path), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "omit",
        mode: "cors",
      });
    } catch {
      throw new ApiFailure(0, undefined, "network error");
    }
    const data = await response.json().catch(() => undefined);
    if (!response.ok) throw new ApiFailure(response.status, data?.errorCode, data?.errorDescription ?? `HTTP ${response.status}`);
    return data;
  }
}

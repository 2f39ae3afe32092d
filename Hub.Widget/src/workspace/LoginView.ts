import { h, icon } from "../shared/dom";
import { ICONS } from "./icons";
import type { WorkspaceTexts } from "./texts";

export interface LoginRequest {
  tenantId: string;
  username: string;
  password: string;
}

/** The sign-in card (`login-username`, `login-password`, `login-submit`). */
export class LoginView {
  readonly el: HTMLElement;
  private readonly form: HTMLFormElement;
  private readonly error: HTMLParagraphElement;
  private readonly submit: HTMLButtonElement;

  constructor(private readonly t: WorkspaceTexts, defaults: { tenantId: string; username: string; notice?: string }, private readonly login: (request: LoginRequest) => Promise<void>, languageButton: HTMLElement) {
    const field = (id: string, label: string, input: HTMLInputElement) => h("div", { class: "field" }, h("label", { for: id }, label), input);
    const tenant = h("input", { id: "ws-login-tenant", name: "tenant", inputmode: "numeric", pattern: "[0-9]+", required: true, autocomplete: "organization" });
    tenant.value = defaults.tenantId;
    const username = h("input", { id: "ws-login-username", name: "username", "data-kefu": "login-username", required: true, autocomplete: "username", maxlength: 200 });
    username.value = defaults.username;
    const password = h("input", { id: "ws-login-password", name: "password", type: "password", "data-kefu": "login-password", required: true, autocomplete: "current-password", maxlength: 200 });
    this.error = h("p", { class: "merror", role: "alert", hidden: !defaults.notice }, defaults.notice ?? "");
    this.submit = h("button", { class: "btn primary wide", type: "submit", "data-kefu": "login-submit" }, t.signIn);
    this.form = h(
      "form",
      { class: "login-card", "aria-labelledby": "ws-login-title" },
      h("div", { class: "brand" }, h("span", { class: "logo", "aria-hidden": "true" }, icon(ICONS.chat, 26)), h("span", {}, t.appName)),
      h("h1", { id: "ws-login-title" }, t.signInTitle),
      h("p", { class: "muted" }, t.signInSub),
      this.error,
      field(tenant.id, t.tenant, tenant),
      field(username.id, t.username, username),
      field(password.id, t.password, password),
      this.submit,
    );
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.run({ tenantId: tenant.value.trim(), username: username.value.trim(), password: password.value });
    });
    this.el = h("main", { class: "login" }, h("div", { class: "login-lang" }, languageButton), this.form);
    queueMicrotask(() => (username.value ? password : username).focus());
  }

  private async run(request: LoginRequest): Promise<void> {
    if (!request.tenantId || !request.username || !request.password) {
      this.form.reportValidity();
      return;
    }
    this.submit.disabled = true;
    this.submit.setAttribute("aria-busy", "true");
    this.submit.textContent = this.t.signingIn;
    this.error.hidden = true;
    try {
      await this.login(request);
    } catch (e) {
      this.error.textContent = e instanceof Error ? e.message : String(e);
      this.error.hidden = false;
      (this.form.querySelector("[data-kefu=login-password]") as HTMLInputElement).select();
    } finally {
      this.submit.disabled = false;
      this.submit.removeAttribute("aria-busy");
      this.submit.textContent = this.t.signIn;
    }
  }
}

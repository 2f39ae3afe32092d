import { h } from "../shared/dom";
import { pickLang, type Lang } from "../shared/i18n";
import { ApiFailure } from "../shared/HubRest";
import { AdminApi, type ConsoleSession } from "./AdminApi";
import { ROUTES, type Route } from "./routes";
import { CONSOLE_TEXTS, type ConsoleTexts } from "./texts";
import { button, errorText, field, input, svgIcon, withProgress, type PageContext, type PageHandle } from "./ui";

const SESSION_KEY = "kefu.console.session";
const LANG_KEY = "kefu.console.lang";
const TENANT_KEY = "kefu.console.tenant";

/** The console: the login screen, or the sidebar, top bar and the page of the hash route (`#/agents`). */
export class App {
  private lang: Lang;
  private t: ConsoleTexts;
  private session: ConsoleSession | null = null;
  private page: PageHandle | null = null;
  private main: HTMLElement | null = null;
  private shell: HTMLElement | null = null;
  private readonly politeRegion = h("div", { class: "toasts", role: "status", "aria-live": "polite" });
  private readonly alertRegion = h("div", { class: "toasts toasts-alert", role: "alert", "aria-live": "assertive" });
  private readonly onHashChange = () => this.showRoute(true);

  constructor(private readonly root: HTMLElement) {
    this.lang = (localStorage.getItem(LANG_KEY) as Lang | null) ?? pickLang(null, navigator.languages ?? [navigator.language]);
    this.t = CONSOLE_TEXTS[this.lang] ?? CONSOLE_TEXTS.en;
    try {
      this.session = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? "null");
    } catch {
      this.session = null;
    }
  }

  start(): void {
    window.addEventListener("hashchange", this.onHashChange);
    this.render();
  }

  private render(notice?: string): void {
    document.documentElement.lang = this.lang;
    this.page?.dispose?.();
    this.page = null;
    const expired = this.session !== null && this.session.expiresAt <= Date.now();
    if (expired) this.signOut(this.t.sessionExpired);
    else if (this.session) this.renderShell();
    else this.renderLogin(notice);
  }

  private setLang(lang: Lang): void {
    this.lang = lang;
    this.t = CONSOLE_TEXTS[lang];
    localStorage.setItem(LANG_KEY, lang);
    this.render();
  }

  private langButton(): HTMLButtonElement {
    const other: Lang = this.lang === "zh-CN" ? "en" : "zh-CN";
    const b = button(this.t.switchLanguage, { kind: "ghost", icon: "translate", small: true, onClick: () => this.setLang(other) });
    b.setAttribute("lang", other);
    b.setAttribute("aria-label", `${this.t.language}: ${this.t.switchLanguage}`);
    return b;
  }

  private renderLogin(notice?: string): void {
    const t = this.t;
    const params = new URLSearchParams(location.search);
    const tenant = input({ name: "tenant", inputmode: "numeric", autocomplete: "organization", value: params.get("tenant") ?? localStorage.getItem(TENANT_KEY) ?? "1" });
    const username = input({ name: "username", autocomplete: "username", "data-kefu": "login-username", spellcheck: "false", autocapitalize: "none" });
    const password = input({ name: "password", type: "password", autocomplete: "current-password", "data-kefu": "login-password" });
    const submit = button(t.signIn, { kind: "primary", type: "submit", attrs: { "data-kefu": "login-submit" } });
    const error = h("div", { class: "form-error", role: "alert", hidden: !notice }, notice ?? "");
    const form = h(
      "form",
      { class: "login-form", novalidate: true },
      error,
      field(t.username, username, { required: true }),
      field(t.password, password, { required: true }),
      field(t.tenant, tenant, { required: true }),
      submit,
    );
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      error.hidden = true;
      const missing = [username, password, tenant].find((c) => !c.value.trim());
      if (missing) {
        error.textContent = `${(missing.labels?.[0]?.firstChild?.textContent ?? "").trim()}: ${t.required}`;
        error.hidden = false;
        missing.focus();
        return;
      }
      try {
        const session = await withProgress(submit, t.signingIn, () => AdminApi.login(tenant.value.trim(), username.value.trim(), password.value));
        localStorage.setItem(TENANT_KEY, session.tenantId);
        this.session = session;
        sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
        this.render();
      } catch (failure) {
        error.textContent = failure instanceof ApiFailure && failure.code === "API_006" ? t.notAdmin : errorText(t, failure);
        error.hidden = false;
        password.select();
        password.focus();
      }
    });
    const screen = h(
      "div",
      { class: "login" },
      h(
        "main",
        { class: "login-card" },
        h("div", { class: "login-top" }, brand(t), this.langButton()),
        h("h1", {}, t.loginTitle),
        h("p", { class: "login-intro" }, t.loginIntro),
        form,
      ),
      this.politeRegion,
      this.alertRegion,
    );
    this.root.replaceChildren(screen);
    this.main = null;
    this.shell = null;
    (username.value ? password : username).focus();
  }

  private renderShell(): void {
    const t = this.t;
    const session = this.session!;
    const menuButton = button(t.menu, { kind: "ghost", iconOnly: true, icon: "menu", attrs: { "aria-controls": "sidebar", "aria-expanded": "false" } });
    menuButton.classList.add("menu-button");
    const closeMenu = button(t.closeMenu, { kind: "ghost", iconOnly: true, icon: "close" });
    closeMenu.classList.add("menu-close");
    const nav = h("nav", { class: "nav", "aria-label": t.consoleName });
    let group = "";
    for (const route of ROUTES) {
      if (route.group !== group) {
        group = route.group;
        nav.append(h("p", { class: "nav-group" }, t[route.group]));
      }
      nav.append(h("a", { class: "nav-link", href: `#/${route.id}`, "data-route": route.id }, svgIcon(route.icon, 20), h("span", {}, t[route.title])));
    }
    const signOut = button(t.signOut, { kind: "ghost", icon: "logout", small: true, attrs: { "aria-label": t.signOut }, onClick: () => this.signOut() });
    const sidebar = h(
      "aside",
      { class: "sidebar", id: "sidebar" },
      h("div", { class: "sidebar-top" }, brand(t), closeMenu),
      nav,
      h(
        "div",
        { class: "sidebar-foot" },
        h("div", { class: "me" }, h("span", { class: "avatar", "aria-hidden": "true" }, initials(session.nicename || session.username)), h("span", { class: "me-names" }, h("b", {}, session.nicename || session.username), h("span", {}, session.username))),
      ),
    );
    const scrim = h("div", { class: "scrim" });
    this.main = h("main", { id: "main", class: "main", tabindex: "-1" });
    const skip = h("a", { class: "skip", href: "#main" }, t.skipToContent);
    skip.addEventListener("click", (e) => {
      e.preventDefault();
      (this.main?.querySelector<HTMLElement>("h1") ?? this.main)?.focus();
    });
    const topbar = h(
      "header",
      { class: "topbar" },
      menuButton,
      h("span", { class: "topbar-title" }, h("span", { class: "tenant-chip" }, `${t.tenant} ${session.tenantId}`)),
      h("div", { class: "topbar-actions" }, this.langButton(), signOut),
    );
    this.shell = h("div", { class: "app" }, skip, sidebar, scrim, h("div", { class: "column" }, topbar, this.main), this.politeRegion, this.alertRegion);
    const setMenu = (open: boolean) => {
      this.shell!.toggleAttribute("data-menu-open", open);
      menuButton.setAttribute("aria-expanded", String(open));
      if (open) nav.querySelector<HTMLElement>("[aria-current=page]")?.focus();
      else if (matchMedia("(max-width: 900px)").matches) menuButton.focus();
    };
    menuButton.addEventListener("click", () => setMenu(true));
    closeMenu.addEventListener("click", () => setMenu(false));
    scrim.addEventListener("click", () => setMenu(false));
    sidebar.addEventListener("keydown", (e) => e.key === "Escape" && this.shell!.hasAttribute("data-menu-open") && setMenu(false));
    nav.addEventListener("click", (e) => (e.target as HTMLElement).closest("a") && this.shell!.hasAttribute("data-menu-open") && setMenu(false));
    this.root.replaceChildren(this.shell);
    this.showRoute(false);
  }

  private showRoute(userNavigated: boolean): void {
    if (!this.session || !this.main) return;
    const id = location.hash.replace(/^#\/?/, "").split("?")[0];
    const route: Route = ROUTES.find((r) => r.id === id) ?? ROUTES[0];
    this.page?.dispose?.();
    const context: PageContext = {
      api: new AdminApi(this.session, () => this.signOut(this.t.sessionExpired)),
      t: this.t,
      lang: this.lang,
      toast: (message, kind) => this.toast(message, kind),
    };
    this.page = route.create(context);
    this.main.replaceChildren(this.page.el);
    document.title = `${this.t[route.title]} · ${this.t.product} ${this.t.consoleName}`;
    for (const link of this.shell!.querySelectorAll<HTMLAnchorElement>(".nav-link")) {
      if (link.dataset.route === route.id) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    if (userNavigated) this.main.querySelector<HTMLElement>("h1")?.focus();
  }

  private toast(message: string, kind: "ok" | "error" = "ok"): void {
    const region = kind === "error" ? this.alertRegion : this.politeRegion;
    const item = h("div", { class: `toast toast-${kind}` }, svgIcon(kind === "error" ? "block" : "check", 18), h("span", {}, message));
    region.append(item);
    window.setTimeout(() => item.remove(), kind === "error" ? 8000 : 4000);
  }

  private signOut(notice?: string): void {
    this.session = null;
    sessionStorage.removeItem(SESSION_KEY);
    this.page?.dispose?.();
    this.page = null;
    this.renderLogin(notice);
  }
}

function brand(t: ConsoleTexts): HTMLElement {
  return h("div", { class: "brand" }, h("span", { class: "brand-mark", "aria-hidden": "true" }, svgIcon("chat", 20)), h("span", { class: "brand-text" }, h("b", {}, t.product), h("span", {}, t.consoleName)));
}

function initials(name: string): string {
  return Array.from(name.trim())[0]?.toUpperCase() ?? "?";
}

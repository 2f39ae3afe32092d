import "./workspace.css";
import { h, icon } from "../shared/dom";
import { errorMessage } from "../shared/errors";
import { ApiFailure } from "../shared/HubRest";
import { pickLang, type Lang } from "../shared/i18n";
import { ICONS } from "./icons";
import { AgentApi } from "./AgentApi";
import { LocalStore } from "./LocalStore";
import { LoginView, type LoginRequest } from "./LoginView";
import { WORKSPACE_TEXTS } from "./texts";
import { Workspace } from "./Workspace";

/**
 * `/workspace`: the sign-in card, or the workspace of the agent signed in (in this tab or another).
 * `?tenant=N` picks the tenant; `?lang=zh-CN|en` the language (remembered).
 */
function boot(): void {
  const store = new LocalStore();
  const params = new URLSearchParams(location.search);
  const requested = params.get("lang");
  if (requested) store.setPref("lang", pickLang(requested, []));
  const lang: Lang = (store.pref("lang") as Lang | null) ?? pickLang(null, navigator.languages ?? [navigator.language]);
  const t = WORKSPACE_TEXTS[lang] ?? WORKSPACE_TEXTS.en;
  document.documentElement.lang = lang;
  document.title = `${t.title} · ${t.appName}`;
  const hubOrigin = location.origin;
  const root = h("div", { id: "kefu-workspace" });
  document.body.append(root);

  // On the login card the button shows the other language's name; in the rail only an icon, so it needs a label.
  const other = lang === "en" ? "zh-CN" : "en";
  const languageButton = (withText: boolean) =>
    h(
      "button",
      { class: "nav lang", type: "button", lang: withText ? other : undefined, "aria-label": withText ? undefined : t.languageLabel, title: t.languageLabel, onclick: () => { store.setPref("lang", other); location.reload(); } },
      icon(ICONS.translate),
      withText ? h("span", { class: "lang-text" }, t.language) : null,
    );

  const showLogin = (notice?: string) => {
    const last = store.pref("lastLogin")?.split("\n") ?? [];
    const tenantId = params.get("tenant") ?? last[0] ?? "1";
    const view = new LoginView(t, { tenantId, username: last[1] ?? "", notice }, (request) => login(request), languageButton(true));
    root.replaceChildren(view.el);
  };

  const login = async (request: LoginRequest) => {
    const api = new AgentApi(hubOrigin, request.tenantId);
    try {
      const token = await api.login(request.username, request.password);
      store.login = { tenantId: request.tenantId, username: request.username, token: token.accessToken, expiresAt: Date.now() + token.expireTime * 1000 };
      store.setPref("lastLogin", `${request.tenantId}\n${request.username}`);
    } catch (e) {
      throw new Error(e instanceof ApiFailure && e.status === 401 ? t.badLogin : errorMessage(e));
    }
    open();
  };

  const open = () => {
    const stored = store.login;
    const tenant = params.get("tenant");
    if (!stored || (tenant && tenant !== stored.tenantId)) {
      showLogin();
      return;
    }
    const workspace = new Workspace({ hubOrigin, lang, t, login: stored, api: new AgentApi(hubOrigin, stored.tenantId), store, signedOut: showLogin, languageButton: () => languageButton(false) });
    root.replaceChildren(workspace.el);
    workspace.start();
  };

  // Another tab signed in: follow it.
  store.onChange((key, value) => {
    if (key === "login" && value && root.querySelector(".login")) open();
  });
  open();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot, { once: true });
else boot();

import { h } from "../shared/dom";
import { errorMessage } from "../shared/errors";
import { safeUrl } from "../shared/safeUrl";
import type { AgentSelf, AgentSelfChange } from "./AgentApi";
import { profileChange, profileProblem, type ProfileField, type ProfileForm, type ProfileProblem } from "./agentProfile";
import { Modal, ShownError } from "./Modal";
import { avatarColor, initials } from "./present";
import type { WorkspaceTexts } from "./texts";

export interface MyProfileSource {
  me: () => Promise<AgentSelf>;
  /** Saves the change (and, with a new password, signs in again with it). */
  save: (change: AgentSelfChange) => Promise<AgentSelf>;
}

interface FieldSpec {
  key: ProfileField;
  label: string;
  hook: string;
  type: string;
  autocomplete: string;
  max: number;
  hint?: string;
}

/**
 * The agent's own profile (`data-kefu="my-profile-dialog"`): nickname, real name, phone, avatar and a
 * password change, saved in one `PUT /agents/me` so that a refused password changes nothing else either.
 * The hub's refusals are shown on the field they concern.
 */
export class MyProfileDialog {
  private readonly modal: Modal;
  private readonly inputs = new Map<ProfileField, HTMLInputElement>();
  private readonly fieldErrors = new Map<ProfileField, HTMLParagraphElement>();
  private readonly username: HTMLInputElement;
  private readonly preview: HTMLSpanElement;
  private readonly previewName: HTMLParagraphElement;
  private readonly status: HTMLParagraphElement;
  private loadToken = 0;

  constructor(private readonly t: WorkspaceTexts, private readonly source: MyProfileSource) {
    this.modal = new Modal("ws-my-profile", t.myProfile, t.save, t.cancel, t.cancel, "my-profile-save", t.saving);
    this.modal.el.dataset.kefu = "my-profile-dialog";
    this.modal.el.classList.add("my-profile");
    this.preview = h("span", { class: "avatar me-avatar", "aria-hidden": "true" });
    this.previewName = h("p", { class: "me-name" });
    this.status = h("p", { class: "muted", role: "status" });
    // For password managers, which file the new password under this username; the header shows it.
    this.username = h("input", { id: "ws-me-username", type: "text", readonly: true, autocomplete: "username", hidden: true });

    const profile: FieldSpec[] = [
      { key: "nicename", label: t.nickname, hook: "my-nicename", type: "text", autocomplete: "nickname", max: 100 },
      { key: "trueName", label: t.realName, hook: "my-true-name", type: "text", autocomplete: "name", max: 100 },
      { key: "mobilePhone", label: t.phone, hook: "my-phone", type: "tel", autocomplete: "tel", max: 100 },
      { key: "avatarUrl", label: t.avatarUrl, hook: "my-avatar-url", type: "url", autocomplete: "photo", max: 2048, hint: t.avatarHint },
    ];
    const password: FieldSpec[] = [
      { key: "currentPassword", label: t.currentPassword, hook: "my-current-password", type: "password", autocomplete: "current-password", max: 128 },
      { key: "newPassword", label: t.newPassword, hook: "my-new-password", type: "password", autocomplete: "new-password", max: 128, hint: t.newPasswordHint },
      { key: "confirmPassword", label: t.confirmPassword, hook: "my-confirm-password", type: "password", autocomplete: "new-password", max: 128 },
    ];
    this.modal.body.append(
      h("div", { class: "me-head" }, this.preview, h("div", { class: "me-who" }, this.previewName, this.status)),
      h(
        "div",
        { class: "me-grid" },
        this.username,
        ...profile.map((f) => this.field(f)),
      ),
      h(
        "fieldset",
        { class: "me-password", "aria-describedby": "ws-me-password-hint" },
        h("legend", {}, t.changePassword),
        h("p", { class: "fhint", id: "ws-me-password-hint" }, t.passwordKeep),
        h("div", { class: "me-grid" }, ...password.map((f) => this.field(f))),
      ),
    );
    this.input("nicename").required = true;
    this.input("nicename").addEventListener("input", () => this.paintPreview());
    this.input("avatarUrl").addEventListener("change", () => this.paintPreview());
  }

  open(): void {
    const t = this.t;
    for (const input of this.inputs.values()) input.value = "";
    this.username.value = "";
    this.mark(null);
    this.status.textContent = t.loading;
    this.modal.confirm.disabled = true;
    this.modal.action = async () => {
      this.mark(null);
      const built = profileChange(this.values(), t);
      if ("problem" in built) this.fail(built.problem);
      try {
        await this.source.save(built.change);
      } catch (error) {
        this.fail(profileProblem(error, t));
      }
    };
    this.modal.show();
    const token = ++this.loadToken;
    void this.source.me().then(
      (me) => {
        if (token !== this.loadToken) return;
        this.fill(me);
        this.modal.confirm.disabled = false;
        this.input("nicename").focus();
      },
      (error) => token === this.loadToken && ((this.status.textContent = ""), this.modal.setError(errorMessage(error))),
    );
  }

  private field(f: FieldSpec): HTMLElement {
    const id = `ws-me-${f.key}`;
    const input = h("input", { id, name: f.key, type: f.type, autocomplete: f.autocomplete, maxlength: f.max, "data-kefu": f.hook, spellcheck: f.type === "text" ? undefined : "false" });
    const error = h("p", { class: "ferror", id: `${id}-error`, role: "alert", hidden: true });
    const hint = f.hint ? h("p", { class: "fhint", id: `${id}-hint` }, f.hint) : null;
    if (hint) input.setAttribute("aria-describedby", hint.id);
    this.inputs.set(f.key, input);
    this.fieldErrors.set(f.key, error);
    return h("div", { class: "me-field", "data-field": f.key }, h("label", { class: "flabel", for: id }, f.label), input, hint, error);
  }

  private input(key: ProfileField): HTMLInputElement {
    return this.inputs.get(key)!;
  }

  private values(): ProfileForm {
    const v = (key: ProfileField) => this.input(key).value;
    return { nicename: v("nicename"), trueName: v("trueName"), mobilePhone: v("mobilePhone"), avatarUrl: v("avatarUrl"), currentPassword: v("currentPassword"), newPassword: v("newPassword"), confirmPassword: v("confirmPassword") };
  }

  private fill(me: AgentSelf): void {
    this.username.value = me.username;
    this.input("nicename").value = me.nicename ?? "";
    this.input("trueName").value = me.trueName ?? "";
    this.input("mobilePhone").value = me.mobilePhone ?? "";
    this.input("avatarUrl").value = me.avatarUrl ?? "";
    for (const key of ["currentPassword", "newPassword", "confirmPassword"] as const) this.input(key).value = "";
    this.status.textContent = me.username;
    this.paintPreview();
  }

  /** The avatar as it will look: the image when the url is https, else the nickname's initials. */
  private paintPreview(): void {
    const name = this.input("nicename").value.trim() || this.username.value;
    this.previewName.textContent = name;
    const url = this.input("avatarUrl").value.trim();
    const safe = url.startsWith("https:") ? safeUrl(url) : null;
    this.preview.style.background = avatarColor(this.username.value);
    if (safe) {
      const img = h("img", { src: safe, alt: "", referrerpolicy: "no-referrer" });
      img.addEventListener("error", () => this.preview.replaceChildren(initials(name)));
      this.preview.replaceChildren(img);
    } else {
      this.preview.replaceChildren(initials(name));
    }
  }

  /** Shows the problem on its field (or the dialog's alert when it concerns none), and stops the save. */
  private fail(problem: ProfileProblem): never {
    if (!problem.field) throw new Error(problem.text);
    this.mark(problem);
    this.input(problem.field).focus();
    throw new ShownError(problem.text);
  }

  private mark(problem: ProfileProblem | null): void {
    for (const [key, input] of this.inputs) {
      const error = this.fieldErrors.get(key)!;
      const on = problem?.field === key;
      input.toggleAttribute("aria-invalid", on);
      if (on) input.setAttribute("aria-invalid", "true");
      error.hidden = !on;
      error.textContent = on ? problem!.text : "";
      const hint = input.getAttribute("aria-describedby")?.split(" ").filter((id) => id !== error.id) ?? [];
      if (on) hint.push(error.id);
      if (hint.length) input.setAttribute("aria-describedby", hint.join(" "));
      else input.removeAttribute("aria-describedby");
    }
  }
}

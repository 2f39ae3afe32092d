import type { AgentSelfChange } from "./AgentApi";
import { ApiFailure } from "../shared/HubRest";
import { errorMessage } from "../shared/errors";
import type { WorkspaceTexts } from "./texts";

/** The "my profile" form's fields, as typed. */
export interface ProfileForm {
  nicename: string;
  trueName: string;
  mobilePhone: string;
  avatarUrl: string;
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export type ProfileField = keyof ProfileForm;

/** What is wrong, and with which field (null: the form as a whole). */
export interface ProfileProblem {
  field: ProfileField | null;
  text: string;
}

/**
 * The `PUT /agents/me` body for the form, or what to fix first. Only what the hub cannot see is checked
 * here (the confirmation, a password change without the current one); lengths and urls are the hub's
 * to judge, and {@link profileProblem} words its answer.
 */
export function profileChange(form: ProfileForm, t: WorkspaceTexts): { change: AgentSelfChange } | { problem: ProfileProblem } {
  const change: AgentSelfChange = { nicename: form.nicename.trim(), trueName: form.trueName.trim(), mobilePhone: form.mobilePhone.trim(), avatarUrl: form.avatarUrl.trim() };
  const changingPassword = form.newPassword !== "" || form.confirmPassword !== "" || form.currentPassword !== "";
  if (!changingPassword) return { change };
  if (form.currentPassword === "") return { problem: { field: "currentPassword", text: t.currentPasswordNeeded } };
  if (form.newPassword === "") return { problem: { field: "newPassword", text: t.newPasswordNeeded } };
  if (form.newPassword !== form.confirmPassword) return { problem: { field: "confirmPassword", text: t.passwordMismatch } };
  return { change: { ...change, password: form.newPassword, currentPassword: form.currentPassword } };
}

/** The hub's refusal of `PUT /agents/me` in the agent's language, on the field it concerns. */
export function profileProblem(error: unknown, t: WorkspaceTexts): ProfileProblem {
  if (error instanceof ApiFailure) {
    if (error.code === "API_102") return { field: "nicename", text: t.nicknameNeeded };
    if (error.code === "API_108") return { field: "newPassword", text: t.passwordLength };
    // API_001 covers every other bad input; the description says which field.
    if (error.code === "API_001" && /currentPassword/i.test(error.message)) return { field: "currentPassword", text: t.wrongPassword };
    if (error.code === "API_001" && /avatarUrl/i.test(error.message)) return { field: "avatarUrl", text: t.avatarHttps };
  }
  return { field: null, text: errorMessage(error) };
}

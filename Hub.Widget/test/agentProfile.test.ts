import { describe, expect, it } from "vitest";
import { profileChange, profileProblem, type ProfileForm } from "../src/workspace/agentProfile";
import { ApiFailure } from "../src/shared/HubRest";
import { WORKSPACE_TEXTS } from "../src/workspace/texts";

const t = WORKSPACE_TEXTS.en;
const form = (change: Partial<ProfileForm> = {}): ProfileForm => ({ nicename: " Alice ", trueName: "Alice Chen", mobilePhone: "", avatarUrl: "", currentPassword: "", newPassword: "", confirmPassword: "", ...change });

describe("profileChange", () => {
  it("sends the profile trimmed (empty texts clear a field) and no password when none is typed", () => {
    expect(profileChange(form(), t)).toEqual({ change: { nicename: "Alice", trueName: "Alice Chen", mobilePhone: "", avatarUrl: "" } });
  });

  it("sends a new password with the current one once it is confirmed", () => {
    const built = profileChange(form({ currentPassword: "old-secret", newPassword: "new-secret-1", confirmPassword: "new-secret-1" }), t);
    expect(built).toEqual({ change: { nicename: "Alice", trueName: "Alice Chen", mobilePhone: "", avatarUrl: "", password: "new-secret-1", currentPassword: "old-secret" } });
  });

  it("stops at what the hub cannot check: the confirmation, and the password fields half filled", () => {
    expect(profileChange(form({ currentPassword: "old", newPassword: "new-secret-1", confirmPassword: "new-secret-2" }), t)).toEqual({ problem: { field: "confirmPassword", text: t.passwordMismatch } });
    expect(profileChange(form({ newPassword: "new-secret-1", confirmPassword: "new-secret-1" }), t)).toEqual({ problem: { field: "currentPassword", text: t.currentPasswordNeeded } });
    expect(profileChange(form({ currentPassword: "old" }), t)).toEqual({ problem: { field: "newPassword", text: t.newPasswordNeeded } });
  });

  it("leaves lengths to the hub: a short password is sent, for the hub to refuse", () => {
    expect("change" in profileChange(form({ currentPassword: "old", newPassword: "short", confirmPassword: "short" }), t)).toBe(true);
  });
});

describe("profileProblem", () => {
  it("words the hub's refusals in the agent's language, on their field", () => {
    const zh = WORKSPACE_TEXTS["zh-CN"];
    expect(profileProblem(new ApiFailure(400, "API_001", "currentPassword is missing or incorrect."), zh)).toEqual({ field: "currentPassword", text: zh.wrongPassword });
    expect(profileProblem(new ApiFailure(400, "API_108", "password must be not empty and length greater 7."), t)).toEqual({ field: "newPassword", text: t.passwordLength });
    expect(profileProblem(new ApiFailure(400, "API_102", "agent nicename must not empty!"), t)).toEqual({ field: "nicename", text: t.nicknameNeeded });
    expect(profileProblem(new ApiFailure(400, "API_001", "avatarUrl must be an https URL of at most 2048 characters."), t)).toEqual({ field: "avatarUrl", text: t.avatarHttps });
  });

  it("shows anything else as the hub said it, on no field", () => {
    expect(profileProblem(new ApiFailure(400, "API_001", "nicename, trueName and mobilePhone are at most 100 characters."), t)).toEqual({ field: null, text: "nicename, trueName and mobilePhone are at most 100 characters." });
    expect(profileProblem(new ApiFailure(0, undefined, "network error"), t)).toEqual({ field: null, text: "network error" });
  });
});

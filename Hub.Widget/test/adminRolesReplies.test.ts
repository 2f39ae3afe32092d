import { describe, expect, it } from "vitest";
import { excerpt, groupQuickReplies } from "../src/admin/pages/QuickRepliesPage";
import { roleLabel } from "../src/admin/pages/RolesPage";
import { CONSOLE_TEXTS } from "../src/admin/texts";
import { lengthError, roleIdOf, type AgentSummary } from "../src/admin/ui";

const en = CONSOLE_TEXTS.en;

describe("roles and quick replies in the console", () => {
  it("groups the tenant-wide replies in the hub's order and leaves the administrator's own out", () => {
    const grouped = groupQuickReplies([
      { id: 4, group: "", text: "Hello", personal: false },
      { id: 1, group: "Billing", text: "Refunds take 3 days", personal: false },
      { id: 2, group: "Billing", text: "mine", personal: true },
      { id: 3, group: "Billing", text: "Invoices by email", personal: false },
      { id: 5, group: "Shipping", text: "Tracking link", personal: false },
    ]);
    expect(grouped.map((g) => [g.group, g.replies.map((r) => r.id)])).toEqual([["", [4]], ["Billing", [1, 3]], ["Shipping", [5]]]);
  });

  it("names a reply by its start on one line, counting an emoji as one", () => {
    expect(excerpt("Hello\n\n  there")).toBe("Hello there");
    expect(excerpt("😀".repeat(41))).toBe(`${"😀".repeat(40)}…`);
  });

  it("checks lengths as the hub does: trimmed, in characters people see", () => {
    expect(lengthError(en, " ab ", 2)).toBeNull();
    expect(lengthError(en, "👍🏽👍🏽", 2)).toBeNull();
    expect(lengthError(en, "abc", 2)).toBe("At most 2 characters.");
  });

  it("reads an agent's role from roleList, and the system roles in the console's language", () => {
    const agent = (roles: string, roleList: AgentSummary["roleList"]) => ({ roles, roleList }) as AgentSummary;
    expect(roleIdOf(agent("agent", [{ role_id: 7, role_name: "Supervisor" }]))).toBe(7);
    expect(roleIdOf(agent("admin,agent", []))).toBe(1);
    expect(roleIdOf(agent("agent", []))).toBe(2);
    expect(roleLabel(CONSOLE_TEXTS["zh-CN"], { role_id: 1, role_name: "admin", role_type: "SYSTEM" })).toBe("管理员");
    expect(roleLabel(en, { role_id: 9, role_name: "Night shift", role_type: "CUSTOMIZED" })).toBe("Night shift");
  });
});

import { describe, expect, it } from "vitest";
import { BackoffRetryPolicy } from "../src/shared/BackoffRetryPolicy";
import { countGraphemes } from "../src/shared/graphemes";
import { pickLang } from "../src/shared/i18n";
import { renderText } from "../src/shared/renderText";
import { safeUrl } from "../src/shared/safeUrl";
import { themeColors } from "../src/widget/theme";

describe("renderText", () => {
  it("links http(s) only and never parses HTML", () => {
    const div = document.createElement("div");
    renderText(div, 'see https://example.com/a?b=1. <img src=x onerror=alert(1)> javascript:alert(1) http://x.test/"onmouseover=alert(1)');
    expect(div.querySelectorAll("img").length).toBe(0);
    const links = [...div.querySelectorAll("a")].map((a) => a.getAttribute("href"));
    expect(links).toEqual(["https://example.com/a?b=1", "http://x.test/"]);
    expect(div.textContent).toContain("<img src=x onerror=alert(1)>");
    expect(div.querySelector("a")!.rel).toContain("noopener");
  });
});

describe("safeUrl", () => {
  it("accepts http(s) and our relative file urls, refuses other schemes", () => {
    expect(safeUrl("/api/tenants/1/files/abc", "https://hub.example")).toBe("https://hub.example/api/tenants/1/files/abc");
    expect(safeUrl("javascript:alert(1)")).toBeNull();
    expect(safeUrl(" JaVaScRiPt:alert(1)", "https://hub.example")).toBeNull();
    expect(safeUrl("data:text/html,x")).toBeNull();
    expect(safeUrl(42)).toBeNull();
  });
});

describe("countGraphemes", () => {
  it("counts what people see", () => {
    expect(countGraphemes("👍🏽👨‍👩‍👧")).toBe(2);
    expect(countGraphemes("你好")).toBe(2);
    expect(countGraphemes("😀".repeat(2000))).toBe(2000);
  });
});

describe("pickLang", () => {
  it("prefers data-lang, then the browser", () => {
    expect(pickLang("en", ["zh-CN"])).toBe("en");
    expect(pickLang(null, ["zh-TW"])).toBe("zh-CN");
    expect(pickLang(undefined, ["fr"])).toBe("en");
  });
});

describe("BackoffRetryPolicy", () => {
  it("uses 0, 2, 10, 30 s and never gives up", () => {
    const p = new BackoffRetryPolicy();
    expect([0, 1, 2, 3, 4, 50].map((n) => p.delay(n))).toEqual([0, 2000, 10000, 30000, 30000, 30000]);
  });
});

describe("themeColors", () => {
  it("accepts plain hex colours only, with readable text", () => {
    expect(themeColors("#ffffff")?.onAccent).toBe("#111827");
    expect(themeColors("#1d4ed8")?.onAccent).toBe("#ffffff");
    expect(themeColors("red;background:url(x)")).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { toSearch } from "../src/admin/AdminApi";
import { niceScale } from "../src/admin/charts";
import { colorToHex, formatDuration, hexToColor } from "../src/admin/ui";

describe("console helpers", () => {
  it("puts four or five whole grid steps on the y axis, as low as the data allows", () => {
    expect([0, 3, 4, 5, 6, 9, 37, 120, 999, 1001].map((v) => niceScale(v).max)).toEqual([4, 4, 4, 5, 8, 10, 40, 125, 1000, 1250]);
    expect(niceScale(9).steps).toBe(5);
  });

  it("writes durations as people read them, in both languages", () => {
    expect(formatDuration(45, "en")).toBe("45 s");
    expect(formatDuration(192, "en")).toBe("3 min 12 s");
    expect(formatDuration(7500, "en")).toBe("2 h 5 min");
    expect(formatDuration(192, "zh-CN")).toBe("3分12秒");
    expect(formatDuration(-5, "en")).toBe("0 s");
  });

  it("sends lists as repeated parameters and leaves empty filters out", () => {
    expect(toSearch({ state: ["Terminal", "Abort"], customerName: "", transfered: undefined, page: 2, q: "a&b" })).toBe("state=Terminal&state=Abort&page=2&q=a%26b");
  });

  it("turns the API's 0xRRGGBB numbers into colour inputs' #rrggbb and back", () => {
    expect(colorToHex(0x2563eb)).toBe("#2563eb");
    expect(colorToHex(0x0000ff)).toBe("#0000ff");
    expect(hexToColor("#dc2626")).toBe(0xdc2626);
  });
});

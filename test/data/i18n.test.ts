// The report's labels and number formats: every label in fi, sv and en with the same holes, and
// numbers and dates as Intl writes them for fi-FI, sv-FI and en-GB.
import { describe, expect, it } from "vitest";
import { LANGS, bandLabel, fill, formatDate, formatMinutes, formatNumber, formatShare, formatThreshold, levelName, t, type LabelKey } from "../../data/export/i18n.ts";

describe("i18n", () => {
  it("has every label in every language, with the same {holes}", () => {
    const keys = ["titleRegion", "subtitle", "method", "beyond", "censoredMeanMin", "notesIntro", "page"] as LabelKey[];
    for (const key of keys) {
      const holes = LANGS.map((l) => (t(l, key).match(/\{\w+\}/g) ?? []).sort().join());
      expect(new Set(holes).size, key).toBe(1);
      for (const l of LANGS) expect(t(l, key).length, `${key} ${l}`).toBeGreaterThan(0);
    }
    expect(LANGS.map((l) => levelName(l, "L"))).toEqual(["L (lähipalvelu)", "L (närservice)", "L (local service)"]);
    expect(t("fi", "page", { n: 2, m: 9 })).toBe("Sivu 2/9");
    expect(fill("{a} {b}", { a: 1 })).toBe("1 {b}"); // a missing value stays visible
  });

  it("writes numbers with a decimal comma and no-break-space thousands in fi and sv, as Intl gives them", () => {
    expect(formatNumber("fi", 12345.67, 1)).toBe("12\u00a0345,7");
    expect(formatNumber("sv", 12345.67, 1)).toBe("12\u00a0345,7");
    expect(formatNumber("en", 12345.67, 1)).toBe("12,345.7");
    expect(formatNumber("fi", -2.5, 1)).toBe("\u22122,5"); // Intl's minus sign in Finnish
    expect(formatMinutes("fi", null)).toBe("–");
    expect(formatShare("fi", 0.123)).toBe("12,3\u00a0%");
    expect(formatShare("en", 0.123)).toBe("12.3%");
    expect(formatThreshold("fi", 7.5)).toBe("7,5");
    expect(formatThreshold("en", 15)).toBe("15");
  });

  it("writes dates and band labels per language", () => {
    expect(LANGS.map((l) => formatDate(l, "2026-01-05"))).toEqual(["5. tammikuuta 2026", "5 januari 2026", "5 January 2026"]);
    expect(LANGS.map((l) => bandLabel(l, [15, 30], 0))).toEqual(["0–15 min", "0–15 min", "0–15 min"]);
    expect(LANGS.map((l) => bandLabel(l, [15, 30], 2))).toEqual(["yli 30 min", "över 30 min", "over 30 min"]);
  });
});

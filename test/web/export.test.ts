// The web app's export control in real Chromium over the central Helsinki workspace (as app.test.ts):
// reached and pressed from the keyboard, it downloads the report of what the panel shows (the base
// set, then a scenario after closing a point), and the file read back with SheetJS and csv-parse
// holds the numbers the API gives for the same state, labelled in the app's language.
import { createReadStream } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import * as XLSX from "xlsx";
import { parse } from "csv-parse/sync";
import { call, type Api } from "../fixtures/http.ts";
import { CHROMIUM, HAVE_CHROMIUM, openApp } from "../fixtures/browser.ts";

const SHORT = [5, 10, 15, 20, 30];
const r1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

let api: Api, page: Page, problems: string[], close: () => Promise<void>;

async function ready(mode: "base" | "scenario"): Promise<void> {
  await page.waitForFunction((m) => document.body.dataset.state === "ready" && document.querySelector<HTMLElement>("table.figures")?.dataset.mode === m, mode, { timeout: 20_000 });
}

/** Picks a format, then presses the download button from the keyboard; the browser's download, read whole. */
async function exportAs(format: string): Promise<{ name: string; bytes: Buffer }> {
  await page.selectOption("#export-format", format);
  await page.focus("#export");
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 30_000 }), page.keyboard.press("Enter")]);
  const chunks: Buffer[] = [];
  for await (const chunk of createReadStream((await download.path())!)) chunks.push(chunk as Buffer);
  return { name: download.suggestedFilename(), bytes: Buffer.concat(chunks) };
}

describe.skipIf(!HAVE_CHROMIUM)(`web app export in Chromium (skipped when ${CHROMIUM} is missing)`, () => {
  beforeAll(async () => {
    ({ api, page, problems, close } = await openApp({ acceptDownloads: true }));
  }, 120_000);

  afterAll(() => close?.());

  it("labels the control in the app's language", async () => {
    await page.goto(`${api.base}/#lang=sv`);
    await ready("base");
    expect(await page.textContent("#export")).toBe("Ladda ner");
    await page.click("#lang-en");
    expect(await page.textContent("#export")).toBe("Download");
    expect(await page.textContent("#export-title")).toBe("Export report");
  });

  it("downloads the base report as XLSX, with the numbers /api/accessibility gives", async () => {
    await page.goto(`${api.base}/#lang=fi&bands=short`);
    await ready("base");
    const file = await exportAs("xlsx");
    expect(file.name).toBe("palveluverkko-uusimaa-fi.xlsx");
    const wb = XLSX.read(file.bytes, { type: "buffer" });
    expect(wb.SheetNames[0]).toBe("Kunnat");
    const rows = XLSX.utils.sheet_to_json<(string | number | null)[]>(wb.Sheets[wb.SheetNames[0]], { header: 1, defval: null });
    const base = (await call(api, `/api/accessibility?thresholds=${SHORT.join(",")}`)).body.levels;
    for (const level of ["L", "A", "E"]) {
      const want = base[level][0];
      const r = rows.find((x) => x[1] === "091" && String(x[0]).startsWith(level))!;
      expect(r[3]).toBe(want.population);
      expect(r1(r[6] as number)).toBe(want.mean_min);
      expect(r.slice(15)).toEqual(want.bands.map((b: { people: number }) => b.people)); // the app's bands: 5, 10, 15, 20, 30 and beyond (after the four coverage columns)
    }
    expect(await page.getAttribute("body", "data-state")).toBe("ready");
  });

  it("with a service type chosen, the base report has its table too, the API's figures for it", async () => {
    await page.selectOption("#service-type", "dental-care");
    await ready("base");
    const csv = await exportAs("csv");
    const rows: Record<string, string>[] = parse(csv.bytes, { bom: true, columns: true });
    const type = (await call(api, `/api/accessibility?thresholds=${SHORT.join(",")}&types=dental-care`)).body.types["dental-care"].rows;
    const all = rows.find((r) => r.table === "groups" && r.level === "dental-care" && r.scope === "all" && r.measure === "mean_min")!;
    expect(r1(Number(all.value))).toBe(type.find((x: { id: string }) => x.id === "all").mean_min);
    await page.selectOption("#service-type", "");
    await ready("base");
  });

  it("after closing a point, downloads the scenario's report as CSV and XLSX, with the run's diff", async () => {
    await page.click('.points [data-point="kamppi"] button.toggle');
    await ready("scenario");
    const run = (await call(api, "/api/scenarios/run", { body: { changes: [{ op: "close", id: "kamppi" }], thresholds: SHORT } })).body;
    const csv = await exportAs("csv");
    expect(csv.name).toBe("palveluverkko-uusimaa-fi.csv");
    const rows: Record<string, string>[] = parse(csv.bytes, { bom: true, columns: true });
    const value = (level: string, scope: string, measure: string) => Number(rows.find((r) => r.table === "changes" && r.level === level && r.scope === scope && r.measure === measure)!.value);
    for (const level of ["L", "A", "E"]) {
      expect(value(level, "municipality", "people_worse_band")).toBe(run.diff[level][0].worse);
      expect(value(level, "all", "people_time_changed")).toBe(run.diff[level][1].changed);
      const mean = rows.find((r) => r.table === "municipalities" && r.variant === "scenario" && r.level === level && r.id === "091" && r.measure === "mean_min")!;
      expect(r1(Number(mean.value))).toBe(run.figures[level][0].mean_min);
    }
    expect(rows.find((r) => r.measure === "population")!.label).toBe("Asukkaat"); // Finnish, as the app
    const xlsx = await exportAs("xlsx");
    expect(XLSX.read(xlsx.bytes, { type: "buffer" }).SheetNames).toContain("Muutokset"); // the changes sheet: a scenario report
    expect(problems).toEqual([]);
  });
});

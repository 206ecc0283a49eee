// The web app's service network as a file, in real Chromium over the central Helsinki workspace (as
// app.test.ts). A planner's file as Excel saves it in a Finnish locale (semicolons, decimal commas,
// Windows-1252) with one bad row is refused with that row listed by line, field and value in the
// app's language, and nothing changes; fixed and read again, it becomes the scenario at once (the
// changes that close the point it lacks and add its new one), and the figures panel shows the
// numbers a direct POST /api/scenarios/run gives for those changes. The current network downloads
// back as XLSX, which reads back to the same changes. REGEN=1 writes docs/web-service-file.png.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { readFileSync } from "node:fs";
import { call, type Api } from "../fixtures/http.ts";
import { finnishExcelCsv } from "../fixtures/office.ts";
import { appChanges, CHROMIUM, HAVE_CHROMIUM, expectedRow, figureRow, freshPage, openApp, screenshot, waitReady } from "../fixtures/browser.ts";

const SHORT = [5, 10, 15, 20, 30];

/** Rows of fields as Excel saves a CSV on a Finnish Windows (test/fixtures/office.ts). */
const finnishExcel = (rows: string[][]) => finnishExcelCsv(rows.map((r) => r.join(";")));

const HEADER = ["id", "name_fi", "name_sv", "municipality", "lon", "lat", "level", "open"];
const KIRURGINEN = ["kirurginen", "Kirurginen sairaala", "Kirurgiska sjukhuset", "Helsinki", "24,9486", "60,1628", "E", "true"];
/** A new local station in Kallio, where the base set has none; kamppi is left out of the file, so it closes. */
const PAASKYLA = ["paaskyla", "Pääskylän terveysasema", "Svalans hälsostation", "Helsinki", "24,9550", "60,1720", "L", "true"];

let api: Api, browser: Browser, page: Page, problems: string[], close: () => Promise<void>;

describe.skipIf(!HAVE_CHROMIUM)(`web app: the service network as a file in Chromium (skipped when ${CHROMIUM} is missing)`, () => {
  beforeAll(async () => {
    ({ api, browser, page, problems, close } = await openApp({ acceptDownloads: true }));
  }, 120_000);

  afterAll(async () => {
    await close?.();
  });

  it("lists a bad row by line, field and value and uses nothing; fixed, the file is the scenario with the API's figures; it downloads back as XLSX", async () => {
    await freshPage(page, api.base, "#lang=fi&bands=short");
    const base = await figureRow(page, "all");

    // One bad row: a level that is none of L, A, E on line 3.
    const bad = finnishExcel([HEADER, KIRURGINEN, [...PAASKYLA.slice(0, 6), "Q", "true"]]);
    await page.setInputFiles("#service-file", { name: "oma-verkko.csv", mimeType: "text/csv", buffer: bad });
    await page.waitForSelector("#service-file-errors");
    const rows = await page.$$eval("#service-file-errors tbody tr", (trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent)));
    expect(rows).toHaveLength(1);
    expect(rows[0].slice(0, 3)).toEqual(["rivi 3", "level", "Q"]);
    expect(await page.$eval("#service-file-errors", (el) => el.textContent)).toContain("Tiedostoa oma-verkko.csv ei voitu käyttää");
    expect(await appChanges(page)).toEqual([]);
    expect(await page.$eval("table.figures", (t) => (t as HTMLElement).dataset.mode)).toBe("base");

    // Fixed and read again: the scenario of the file's network, at once.
    await page.setInputFiles("#service-file", { name: "oma-verkko.csv", mimeType: "text/csv", buffer: finnishExcel([HEADER, KIRURGINEN, PAASKYLA]) });
    await waitReady(page, { mode: "scenario", hash: "add:paaskyla:L" });
    const changes = await appChanges(page);
    expect(changes).toEqual([
      { op: "close", id: "kamppi" },
      { op: "add", point: { id: "paaskyla", name_fi: "Pääskylän terveysasema", municipality: "091", lon: 24.955, lat: 60.172, level: "L" } },
    ]);
    const status = await page.$eval("#service-file-status", (el) => el.textContent);
    expect(status).toContain("Tiedostosta oma-verkko.csv luettiin 2 palvelupistettä (CSV, puolipistein eroteltu, desimaalipilkut, Windows-1252)");
    expect(status).toContain("Ero perustilaan: 2 muutosta");
    expect(await page.$("#service-file-errors")).toBeNull();
    const run = (await call(api, "/api/scenarios/run", { body: { changes, thresholds: SHORT } })).body;
    expect(await figureRow(page, "all")).toEqual(expectedRow(run.figures.L[1], run.diff.L[1]));
    expect(await figureRow(page, "all")).not.toEqual(base);
    // The download format follows the file: a Finnish-Excel CSV goes back as one.
    expect(await page.$eval("#service-file-format", (s) => (s as HTMLSelectElement).value)).toBe("csv;");
    await page.$eval("#service-file-section", (el) => el.scrollIntoView({ block: "end" }));
    expect(await screenshot(page, "web-service-file.png")).toBeLessThan(400_000);

    // Back as XLSX, and that workbook read again gives the same changes.
    await page.selectOption("#service-file-format", "xlsx");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#service-file-download")]);
    expect(download.suggestedFilename()).toMatch(/-scenario\.xlsx$/);
    const xlsx = readFileSync((await download.path())!);
    await page.click("#reset");
    await waitReady(page, { mode: "base" });
    await page.setInputFiles("#service-file", { name: download.suggestedFilename(), mimeType: "", buffer: xlsx });
    await waitReady(page, { mode: "scenario", hash: "add:paaskyla:L" });
    expect(await appChanges(page)).toEqual(changes);
    expect(await page.$eval("#service-file-status", (el) => el.textContent)).toContain("(Excel (XLSX))");
    // Undo goes back to before the file: the base set.
    await page.click("#undo");
    await waitReady(page, { mode: "base" });
    // The refused file's 400 is the one error Chromium logs; nothing else went wrong.
    expect(problems).toEqual(["Failed to load resource: the server responded with a status of 400 (Bad Request)"]);
  });
});

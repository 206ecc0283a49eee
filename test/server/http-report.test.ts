// /api/report over real HTTP on the central Helsinki workspace (OSM roads, HSY people, Statistics
// Finland boundaries, the example service set). Every format is downloaded and read back with a
// reader that shares no code with its writer (pdftotext, SheetJS, csv-parse, geojson-validation,
// data/gpkg.ts), and its numbers are compared with what /api/accessibility and POST
// /api/scenarios/run answer for the same request, not with the report code's own model.
import { execFile } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { parse } from "csv-parse/sync";
import GJV from "geojson-validation";
import { GeoPackage } from "../../data/gpkg.ts";
import { LEVELS } from "../../engine/services.ts";
import { scratchDir } from "../fixtures/osm.ts";
import { call, documentChecker, expectProblem, startApi, type Api, openHelsinkiWorkspace } from "../fixtures/http.ts";

const HAS_PDFTOTEXT = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"].some(existsSync);
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const r1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

let api: Api;
let check: ReturnType<typeof documentChecker>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON, walked freely in tests
let accessibility: any;

interface Download {
  status: number;
  headers: Headers;
  bytes: Buffer;
}

async function download(path: string, body?: unknown): Promise<Download> {
  const res = await fetch(api.base + path, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** A download with this media type, named as the API promises. */
function expectFile(d: Download, type: RegExp, lang: string, ext: string): void {
  expect(d.status, d.bytes.toString("utf8", 0, 300)).toBe(200);
  expect(d.headers.get("content-type")).toMatch(type);
  expect(d.headers.get("content-disposition")).toBe(`attachment; filename="palveluverkko-uusimaa-${lang}.${ext}"`);
}

type Row = (string | number | null)[];
/** The first sheet (figures per municipality) of a workbook, as rows. */
function firstSheet(bytes: Buffer): { names: string[]; rows: Row[] } {
  const wb = XLSX.read(bytes, { type: "buffer" });
  return { names: wb.SheetNames, rows: XLSX.utils.sheet_to_json<Row>(wb.Sheets[wb.SheetNames[0]], { header: 1, defval: null }) };
}

const csvRows = (bytes: Buffer): Record<string, string>[] => parse(bytes, { bom: true, columns: true });

beforeAll(async () => {
  const ws = await openHelsinkiWorkspace();
  api = await startApi({ workspace: ws });
  check = documentChecker((await call(api, "/api/openapi.json")).body);
  accessibility = (await call(api, "/api/accessibility")).body;
}, 60_000);

afterAll(() => api?.close());

describe("GET /api/report: the base set as a file", () => {
  it("XLSX: SheetJS reads numbers equal to /api/accessibility's", async () => {
    const d = await download("/api/report?format=xlsx&lang=fi");
    expectFile(d, new RegExp(`^${XLSX_TYPE}$`), "fi", "xlsx");
    const { names, rows } = firstSheet(d.bytes);
    expect(names[0]).toBe("Kunnat");
    for (const level of LEVELS) {
      const api091 = accessibility.levels[level].find((r: { id: string }) => r.id === "091");
      const r = rows.find((x) => x[1] === "091" && String(x[0]).startsWith(level))!;
      expect(r[2]).toBe("Helsinki");
      expect(r[3]).toBe(api091.population);
      expect(r1(r[6] as number)).toBe(api091.mean_min); // the file keeps full precision; the API rounds to 0.1
      expect(r1(r[8] as number)).toBe(api091.p90_min);
      expect(r1(r[11] as number)).toBe(api091.coverage.inside_pct); // then the coverage columns, then the bands
      expect(r.slice(15)).toEqual(api091.bands.map((b: { people: number }) => b.people));
    }
  });

  it("CSV: csv-parse reads the same figures; labels follow the language (fi and sv differ)", async () => {
    const byLang: Record<string, Record<string, string>[]> = {};
    for (const lang of ["fi", "sv"]) {
      const d = await download(`/api/report?format=csv&lang=${lang}`);
      expectFile(d, /^text\/csv; charset=utf-8$/, lang, "csv");
      expect([...d.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs
      byLang[lang] = csvRows(d.bytes);
    }
    const pick = (rows: Record<string, string>[], level: string, measure: string) => rows.find((r) => r.table === "municipalities" && r.level === level && r.id === "091" && r.measure === measure)!;
    for (const level of LEVELS) {
      const api091 = accessibility.levels[level].find((r: { id: string }) => r.id === "091");
      expect(Number(pick(byLang.fi, level, "population").value)).toBe(api091.population);
      expect(r1(Number(pick(byLang.fi, level, "mean_min").value))).toBe(api091.mean_min);
    }
    const fi = pick(byLang.fi, "L", "population");
    const sv = pick(byLang.sv, "L", "population");
    expect([fi.name, sv.name]).toEqual(["Helsinki", "Helsingfors"]);
    expect(fi.label).not.toBe(sv.label);
    expect(fi.value).toBe(sv.value);
  });

  it("PDF: a PDF file; pdftotext reads Swedish names and Helsinki's population", async () => {
    const d = await download("/api/report?format=pdf&lang=sv");
    expectFile(d, /^application\/pdf$/, "sv", "pdf");
    expect(d.bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    if (!HAS_PDFTOTEXT) {
      console.warn("pdftotext not installed (apt-get install poppler-utils): the PDF's text was not read back");
      return;
    }
    const path = join(scratchDir(), `http-report-${process.pid}.pdf`);
    writeFileSync(path, d.bytes);
    const { stdout } = await promisify(execFile)("pdftotext", ["-layout", path, "-"]);
    expect(stdout).toContain("Helsingfors");
    // Swedish grouping: a narrow no-break or plain space between thousands.
    const people = accessibility.levels.L.find((r: { id: string }) => r.id === "091").population as number;
    expect(stdout.replace(/[\u00a0\u202f ]/g, "")).toContain(String(people));
  });

  it("GeoJSON: a valid FeatureCollection, as the OpenAPI document describes it", async () => {
    const d = await download("/api/report?format=geojson&lang=en");
    expectFile(d, /^application\/geo\+json/, "en", "geojson");
    const fc = JSON.parse(d.bytes.toString("utf8"));
    expect(GJV.valid(fc)).toBe(true);
    expect(fc.features.length).toBeGreaterThan(0);
    check("/api/report", "get", 200, "application/geo+json", fc);
  });

  it("GeoPackage: data/gpkg.ts reads its four layers", async () => {
    const d = await download("/api/report?format=gpkg&lang=fi&per=municipality");
    expectFile(d, /^application\/geopackage\+sqlite3$/, "fi", "gpkg");
    const path = join(scratchDir(), `http-report-${process.pid}.gpkg`);
    writeFileSync(path, d.bytes);
    const gpkg = await GeoPackage.open(path);
    try {
      expect(gpkg.featureTables().map((t) => [t.table, t.crs])).toEqual([["bands", "EPSG:3067"], ["cells", "EPSG:3067"], ["service_points", "EPSG:3067"], ["municipalities", "EPSG:3067"]]);
      expect(gpkg.query("SELECT count(*) FROM service_points")[0][0]).toBe(2);
    } finally {
      gpkg.close();
    }
  });

  it("refuses a bad format, language, per or parameter with a problem naming it", async () => {
    expectProblem(await call(api, "/api/report?format=docx"), 400, "format");
    expectProblem(await call(api, "/api/report"), 400, "format");
    expectProblem(await call(api, "/api/report?format=csv&lang=de"), 400, "lang");
    expectProblem(await call(api, "/api/report?format=csv&per=unit"), 400, "per"); // no grouping in this workspace
    expectProblem(await call(api, "/api/report?format=csv&colour=red"), 400, "colour");
    expectProblem(await call(api, "/api/report", { body: { format: "odt", changes: [] } }), 400, "format");
    expectProblem(await call(api, "/api/report", { body: { format: "csv", lang: "de", changes: [] } }), 400, "lang");
    expectProblem(await call(api, "/api/report", { body: { format: "csv", changes: [{ op: "close", id: "nowhere" }] } }), 404, "changes[0].id");
  });
});

describe("POST /api/report: a scenario against the base", () => {
  it("shows the diff POST /api/scenarios/run gives, in CSV and XLSX", async () => {
    // Town bands: with the planning bands (15-180 min) everyone in central Helsinki stays within 15 min.
    const changes = [{ op: "close", id: "kamppi" }];
    const thresholds = [5, 10, 15, 20, 30];
    const run = (await call(api, "/api/scenarios/run", { body: { changes, thresholds } })).body;
    const csv = await download("/api/report", { format: "csv", lang: "en", changes, thresholds });
    expectFile(csv, /^text\/csv/, "en", "csv");
    const rows = csvRows(csv.bytes);
    const value = (level: string, scope: string, id: string, measure: string) => Number(rows.find((r) => r.table === "changes" && r.level === level && r.scope === scope && r.id === id && r.measure === measure)!.value);
    let moved = 0;
    for (const level of LEVELS) {
      for (const [scope, d] of [["municipality", run.diff[level][0]], ["all", run.diff[level][1]]] as const) {
        expect(value(level, scope, d.id, "people_worse_band")).toBe(d.worse);
        expect(value(level, scope, d.id, "people_better_band")).toBe(d.better);
        expect(value(level, scope, d.id, "people_time_changed")).toBe(d.changed);
        moved += d.worse;
      }
      // The scenario's own figures are the run's.
      const fig = run.figures[level][0];
      expect(value(level, "municipality", "091", "population")).toBe(fig.population);
      const mean = rows.find((r) => r.table === "municipalities" && r.variant === "scenario" && r.level === level && r.id === "091" && r.measure === "mean_min")!;
      expect(r1(Number(mean.value))).toBe(fig.mean_min);
    }
    expect(moved).toBeGreaterThan(0); // closing a health station does move people to farther bands
    const xlsx = await download("/api/report", { format: "xlsx", lang: "sv", changes, thresholds });
    expectFile(xlsx, new RegExp(`^${XLSX_TYPE}$`), "sv", "xlsx");
    expect(XLSX.read(xlsx.bytes, { type: "buffer" }).SheetNames).toContain("Förändringar");
  });

  it("the OpenAPI document lists both routes with their file types and Content-Disposition", async () => {
    const doc = (await call(api, "/api/openapi.json")).body;
    for (const method of ["get", "post"]) {
      const ok = doc.paths["/api/report"][method].responses["200"];
      expect(Object.keys(ok.content).sort()).toEqual(["application/geo+json", "application/geopackage+sqlite3", "application/pdf", XLSX_TYPE, "text/csv"].sort());
      expect(ok.content["application/pdf"].schema).toMatchObject({ type: "string", contentMediaType: "application/pdf" });
      expect(ok.headers["Content-Disposition"].schema).toEqual({ type: "string" });
    }
    expect(doc.paths["/api/report"].get.parameters.map((p: { name: string }) => p.name)).toEqual(["format", "lang", "per", "thresholds", "types", "language", "profile", "model"]);
    expect(doc.paths["/api/report"].post.requestBody.content["application/json"].schema.$ref).toBe("#/components/schemas/ReportRequest");
  });
});

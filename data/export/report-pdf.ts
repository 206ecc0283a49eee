/**
 * The board report as an A4 PDF: a title page (what, where, when, the summary per level, how it
 * was computed, sources and licences, notes), a map per level, then tables per municipality or
 * unit and level with a bar chart of residents per band; a scenario adds its changes, a grouping
 * comparison its units and equality measures. Numbers are written the language's way
 * ("12 345,6" in Finnish and Swedish).
 */
import { LEVELS, type Bound, type ServiceLevel, countOf } from "../../engine/index.ts";
import { bandLabel, formatDate, formatMinutes, formatNumber, formatShare, formatThreshold, levelName, groupTitle, profileLabel, t, travelWords, type Lang } from "./i18n.ts";
import type { DiffRow, FigureRow, ReportModel } from "./report-model.ts";
import { drawBandChart, drawMap, drawMapLegend } from "./report-pdf-figures.ts";
import { CONTENT_W, DEJAVU_DIR, INK, MUTED, PAGE, PdfWriter, drawTable, type PdfColumn } from "./report-pdf-kit.ts";
import { describeSource, rankText, reportTitle } from "./report-tables.ts";
import { pdfKit } from "../libraries.ts";

export interface PdfOptions {
  /** Folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf (default Debian's); null for pdfkit's standard Helvetica. */
  fontDir?: string | null;
}

const right = (label: string, weight = 1): PdfColumn => ({ label, weight, align: "right" });

function titlePage(w: PdfWriter, m: ReportModel, lang: Lang): void {
  const { doc } = w;
  const cutoff = formatThreshold(lang, m.thresholdsMin[m.thresholdsMin.length - 1]);
  w.y = 90;
  doc.font("bold").fontSize(22).fillColor(INK).text(w.t(reportTitle(m, lang)), PAGE.margin, w.y, { width: CONTENT_W });
  w.y = doc.y + 8;
  w.paragraph(t(lang, "subtitle", { region: m.region.name[lang], by: travelWords(lang, m.profile).by }), 12, MUTED);
  if (m.scenario) w.paragraph(`${t(lang, "scenario")}: ${m.scenario.name[lang]}`, 12, INK, "bold");
  if (m.comparison) w.paragraph(`${t(lang, "grouping")}: ${m.comparison.groupings.map((g) => g.name[lang]).join(" – ")}`, 12, INK, "bold");
  w.paragraph(`${t(lang, "date")}: ${formatDate(lang, m.date)}`, 10, MUTED);
  if (m.sources.some((s) => s.publisher === "generated")) {
    w.y += 4;
    const text = w.t(t(lang, "generated"));
    doc.font("bold").fontSize(11);
    const h = doc.heightOfString(text, { width: CONTENT_W - 20 }) + 16;
    doc.rect(PAGE.margin, w.y, CONTENT_W, h).fill("#fde0dd");
    doc.fillColor("#b2182b").text(text, PAGE.margin + 10, w.y + 8, { width: CONTENT_W - 20 });
    w.y += h + 10;
  }
  w.y += 10;
  w.heading(t(lang, "summary"), 13);
  const all = (rows: FigureRow[] | null, level: ServiceLevel) => rows?.find((r) => r.level === level && r.scope === "all");
  if (m.diff) {
    drawTable(w, {
      columns: [{ label: t(lang, "level"), weight: 2.2 }, right(t(lang, "population")), right(t(lang, "baseMean")), right(t(lang, "scenarioMean")), right(t(lang, "worse")), right(t(lang, "addedPersonMin"))],
      rows: LEVELS.map((level) => {
        const d = m.diff!.find((x) => x.level === level && x.scope === "all")!;
        return [levelName(lang, level), formatNumber(lang, d.population), formatMinutes(lang, d.base.meanMin), formatMinutes(lang, d.scenario.meanMin), formatNumber(lang, d.worse), formatNumber(lang, d.addedPersonMinAtLeast)];
      }),
      fontSize: 9,
    });
  } else {
    drawTable(w, {
      columns: [{ label: t(lang, "level"), weight: 2.2 }, right(t(lang, "population")), right(t(lang, "meanMin")), right(t(lang, "medianMin")), right(t(lang, "p90Min")), right(t(lang, "beyond", { t: cutoff }))],
      rows: LEVELS.map((level) => {
        const r = all(m.figures, level)!;
        return [levelName(lang, level), formatNumber(lang, r.population), formatMinutes(lang, r.meanMin), formatMinutes(lang, r.medianMin), formatMinutes(lang, r.p90Min), formatNumber(lang, r.beyond)];
      }),
      fontSize: 9,
    });
  }
  w.paragraph(t(lang, "method", { cell: formatNumber(lang, m.cellSizeM), profile: profileLabel(lang, m.profile, m.model), network: travelWords(lang, m.profile).network }));
  w.paragraph(`${t(lang, "thresholds")}: ${m.thresholdsMin.map((x) => formatThreshold(lang, x)).join(", ")} min. ${t(lang, "dashNote", { cutoff })}.`, 9, MUTED);
  w.paragraph(`${t(lang, "serviceSet")}: ${m.serviceSet.name[lang]}, ${countOf(lang, m.serviceSet.used, "servicePoint")}.`);
  if (m.scenario && m.scenario.changes.length > 0) {
    w.heading(t(lang, "changes"), 11);
    for (const c of m.scenario.changes) w.paragraph(`•  ${c.text[lang]}`);
  }
  w.heading(t(lang, "sources"), 11);
  for (const s of m.sources) w.paragraph(`${t(lang, `source_${s.role}`)}: ${describeSource(lang, s)}`, 9.5, s.publisher === "generated" ? "#b2182b" : INK);
}

const SEVERITY_COLOUR = { critical: "#b2182b", warning: "#8c510a", info: MUTED } as const;

/** The notes on a page of their own, right after the title page: critical first, each with its severity. */
function notesPage(w: PdfWriter, m: ReportModel, lang: Lang): void {
  if (m.notes.length === 0) return;
  w.newPage();
  w.heading(t(lang, "notes"), 14);
  w.paragraph(t(lang, "notesIntro"), 9.5, MUTED);
  w.y += 4;
  for (const n of m.notes) w.paragraph(`•  ${t(lang, `severity_${n.severity}`)}: ${n.text[lang]}`, 9.5, SEVERITY_COLOUR[n.severity]);
}

/** Short credits under every map: the licences the map's data carry. */
function credits(m: ReportModel, lang: Lang): string {
  return m.sources.filter((s) => s.role !== "services").map((s) => describeSource(lang, s)).join(" · ");
}

/** The maps of a level (a scenario's base and scenario one above the other), legend and credits, from a new page. */
function mapSection(w: PdfWriter, m: ReportModel, lang: Lang, level: ServiceLevel): void {
  const variants: ("base" | "scenario" | null)[] = m.scenario ? ["base", "scenario"] : [null];
  w.newPage();
  w.heading(t(lang, "mapTitle", { level: levelName(lang, level) }), 13);
  const legendH = 80;
  const gap = variants.length > 1 ? 16 : 0;
  // One map leaves room for its tables below; two (a scenario's) share the page.
  const height = variants.length > 1 ? (w.bottom - w.y - legendH - 30 - gap * variants.length) / variants.length : Math.min(470, w.bottom - w.y - legendH - 30);
  for (const v of variants) {
    if (v) {
      w.doc.font("bold").fontSize(9.5).fillColor(INK).text(w.t(t(lang, v === "base" ? "variant_base" : "variant_scenario")), PAGE.margin, w.y, { lineBreak: false });
      w.y += gap - 2;
    }
    const frame = drawMap(w, m, lang, level, v, { x: PAGE.margin, y: w.y, width: CONTENT_W, height });
    w.y += frame.height + 10;
  }
  w.y += drawMapLegend(w, m, lang, PAGE.margin, w.y);
  w.paragraph(credits(m, lang), 7, MUTED);
  w.y += 8;
}

/** Rows of the leading scope (municipalities or units, as m.per says), then "all areas". */
function leadRows(rows: FigureRow[], m: ReportModel, level: ServiceLevel): FigureRow[] {
  const scope = m.per === "unit" && rows.some((r) => r.scope === "unit") ? "unit" : "municipality";
  return rows.filter((r) => r.level === level && (r.scope === scope || r.scope === "all"));
}

function figureTables(w: PdfWriter, m: ReportModel, lang: Lang, level: ServiceLevel): void {
  const th = m.thresholdsMin;
  const cutoff = formatThreshold(lang, th[th.length - 1]);
  {
    const rows = leadRows(m.figures, m, level);
    const units = rows.some((r) => r.scope === "unit");
    const centre = !units;
    drawTable(w, {
      title: t(lang, units ? "tableUnitFigures" : "tableFigures", { level: levelName(lang, level) }) + (m.scenario ? ` – ${t(lang, "variant_scenario")}` : ""),
      columns: [
        { label: t(lang, units ? "unit" : "municipality"), weight: 2.3 },
        right(t(lang, "population"), 1.2), right(t(lang, "meanMin")), right(t(lang, "medianMin")), right(t(lang, "p90Min")), right(t(lang, "maxMin")),
        ...(centre ? [right(t(lang, "centreMin"), 1.2)] : []),
        right(t(lang, "beyond", { t: cutoff }), 1.2),
      ],
      rows: rows.map((r) => [
        r.name[lang], formatNumber(lang, r.population), formatMinutes(lang, r.meanMin), formatMinutes(lang, r.medianMin), formatMinutes(lang, r.p90Min), formatMinutes(lang, r.maxMin),
        ...(centre ? [formatMinutes(lang, r.centreMin)] : []),
        formatNumber(lang, r.beyond),
      ]),
      total: (i) => rows[i].scope === "all",
    });
    drawTable(w, {
      title: t(lang, "tableBands", { level: levelName(lang, level) }),
      columns: [{ label: t(lang, units ? "unit" : "municipality"), weight: 2.3 }, ...th.concat([Infinity]).map((_, k) => right(bandLabel(lang, th, k)))],
      rows: rows.map((r) => [r.name[lang], ...r.bands.map((b) => formatNumber(lang, b))]),
      total: (i) => rows[i].scope === "all",
    });
    drawBandChart(w, m, lang, `${t(lang, "chartTitle", { level: levelName(lang, level) })} (${t(lang, "chartShare")})`, rows);
  }
}

/** Per service type and language group asked for: a table at the leading scope, as a level's first table. */
function groupTables(w: PdfWriter, m: ReportModel, lang: Lang): void {
  const groups = m.groups ?? [];
  const th = m.thresholdsMin;
  const cutoff = formatThreshold(lang, th[th.length - 1]);
  const scope = m.per === "unit" && groups.some((r) => r.scope === "unit") ? "unit" : "municipality";
  const keys = [...new Set(groups.map((r) => `${r.language ?? ""}|${r.service}`))];
  for (const key of keys) {
    const rows = groups.filter((r) => `${r.language ?? ""}|${r.service}` === key && (r.scope === scope || r.scope === "all"));
    if (rows.length === 0) continue;
    drawTable(w, {
      title: groupTitle(lang, rows[0].language, rows[0].serviceName[lang]) + (m.baseGroups ? ` – ${t(lang, "variant_scenario")}` : ""),
      columns: [
        { label: t(lang, scope), weight: 2.3 },
        right(t(lang, "population"), 1.2), right(t(lang, "meanMin")), right(t(lang, "medianMin")), right(t(lang, "p90Min")), right(t(lang, "maxMin")),
        ...th.slice(0, 3).map((x) => right(t(lang, "reached", { t: formatThreshold(lang, x) }), 1.2)),
        right(t(lang, "beyond", { t: cutoff }), 1.2),
      ],
      rows: rows.map((r) => {
        let within = 0;
        const cumulative = r.bands.map((b) => (within += b));
        return [
          r.name[lang], formatNumber(lang, r.population), formatMinutes(lang, r.meanMin), formatMinutes(lang, r.medianMin), formatMinutes(lang, r.p90Min), formatMinutes(lang, r.maxMin),
          ...th.slice(0, 3).map((_, k) => formatNumber(lang, cumulative[k])),
          formatNumber(lang, r.beyond),
        ];
      }),
      total: (i) => rows[i].scope === "all",
    });
    const diff = (m.groupDiff ?? []).filter((r) => `${r.language ?? ""}|${r.service}` === key);
    if (diff.length > 0) diffTableOf(w, m, lang, t(lang, "tableGroupChanges", { title: groupTitle(lang, rows[0].language, rows[0].serviceName[lang]) }), diff);
  }
}

/** A level's changes per municipality or unit: both sides' figures and who crosses a band. */
function changeTable(w: PdfWriter, m: ReportModel, lang: Lang, level: ServiceLevel): void {
  diffTableOf(w, m, lang, `${t(lang, "changes")}: ${levelName(lang, level)}`, m.diff!.filter((d) => d.level === level));
}

/** Diff rows (of a level or a group) at the leading scope, then all areas. */
function diffTableOf(w: PdfWriter, m: ReportModel, lang: Lang, title: string, diff: readonly Omit<DiffRow, "level">[]): void {
  const cutoff = formatThreshold(lang, m.thresholdsMin[m.thresholdsMin.length - 1]);
  const scope = m.per === "unit" && diff.some((d) => d.scope === "unit") ? "unit" : "municipality";
  const rows = diff.filter((d) => d.scope === scope || d.scope === "all");
  drawTable(w, {
    title,
    columns: [
      { label: t(lang, scope), weight: 2 }, right(t(lang, "population"), 1.1), right(t(lang, "baseMean")), right(t(lang, "scenarioMean")),
      right(t(lang, "baseBeyond", { t: cutoff })), right(t(lang, "scenarioBeyond", { t: cutoff })), right(t(lang, "worse")), right(t(lang, "better")), right(t(lang, "addedPersonMin"), 1.2),
    ],
    rows: rows.map((d) => [
      d.name[lang], formatNumber(lang, d.population), formatMinutes(lang, d.base.meanMin), formatMinutes(lang, d.scenario.meanMin),
      formatNumber(lang, d.base.beyond), formatNumber(lang, d.scenario.beyond), formatNumber(lang, d.worse), formatNumber(lang, d.better), formatNumber(lang, d.addedPersonMinAtLeast),
    ]),
    total: (i) => rows[i].scope === "all",
  });
}

/** A scenario's loads, per service: the points whose load changes, then who moves where and what it does to the receiving point. */
function loadTables(w: PdfWriter, m: ReportModel, lang: Lang): void {
  if (!m.loads) return;
  const pointName = (n: { fi: string; sv: string } | undefined) => (n ? (lang === "sv" ? n.sv : n.fi) : t(lang, "noPointInReach"));
  const services = [...new Set([...m.loads.points, ...m.loads.moves].map((r) => r.service))];
  for (const service of services) {
    const points = m.loads.points.filter((r) => r.service === service);
    const moves = m.loads.moves.filter((r) => r.service === service);
    const name = (points[0] ?? moves[0]).serviceName[lang];
    if (points.length > 0) {
      drawTable(w, {
        title: t(lang, "tableLoads", { service: name }),
        columns: [{ label: t(lang, "name"), weight: 3.4 }, right(t(lang, "baseCapacity")), right(t(lang, "scenarioCapacity")), right(t(lang, "baseCatchment")), right(t(lang, "scenarioCatchment")), right(t(lang, "baseLoad")), right(t(lang, "scenarioLoad"))],
        rows: points.map((r) => [
          pointName(r.name), formatNumber(lang, r.capacityBase), formatNumber(lang, r.capacityScenario), formatNumber(lang, r.catchmentBase), formatNumber(lang, r.catchmentScenario), formatShare(lang, r.loadBase), formatShare(lang, r.loadScenario),
        ]),
      });
    }
    if (moves.length > 0) {
      drawTable(w, {
        title: t(lang, "tableMoves", { service: name }),
        columns: [{ label: t(lang, "fromPoint"), weight: 2.6 }, { label: t(lang, "toPoint"), weight: 2.6 }, right(t(lang, "movingPeople")), right(t(lang, "toCapacity")), right(t(lang, "toBaseLoad")), right(t(lang, "toScenarioLoad"))],
        rows: moves.map((r) => [pointName(r.from?.name), pointName(r.to?.name), formatNumber(lang, r.people), formatNumber(lang, r.toCapacity), formatShare(lang, r.toLoadBase), formatShare(lang, r.toLoadScenario)]),
      });
    }
  }
}

/** ≥ before a lower bound, ≈ before a figure censoring can move either way. */
const MARK: Record<Bound, string> = { exact: "", lower: "≥ ", unknown: "≈ " };

function comparisonTables(w: PdfWriter, m: ReportModel, lang: Lang): void {
  const c = m.comparison!;
  const nameOf = (grouping: string, unit: string) => c.rows.find((r) => r.grouping === grouping && r.id === unit)?.name[lang] ?? unit;
  w.newPage();
  for (const g of c.groupings) {
    const rows = c.equality.filter((e) => e.grouping === g.id);
    drawTable(w, {
      title: `${t(lang, "sheet_equality")}: ${g.name[lang]}`,
      columns: [{ label: t(lang, "level"), weight: 1.6 }, right(t(lang, "meanRatio")), right(t(lang, "p90Ratio")), right(t(lang, "unitMeanGini")), right(t(lang, "gini")), { label: t(lang, "worstUnit"), weight: 1.5 }],
      rows: rows.map((e) => [
        levelName(lang, e.level), MARK[e.meanRatioBound] + formatNumber(lang, e.meanRatio, 2), MARK[e.p90RatioBound] + formatNumber(lang, e.p90Ratio, 2),
        MARK[e.unitMeanGiniBound] + formatNumber(lang, e.unitMeanGini, 3), MARK[e.giniBound] + formatNumber(lang, e.gini, 3),
        e.worstUnit !== null ? nameOf(e.grouping, e.worstUnit) : e.worstCandidates.length > 1 ? t(lang, "undecided", { names: e.worstCandidates.map((u) => nameOf(e.grouping, u)).join(" / ") }) : "–",
      ]),
    });
  }
  for (const g of c.groupings) {
    for (const level of LEVELS) {
      const rows = c.rows.filter((r) => r.grouping === g.id && r.level === level);
      drawTable(w, {
        title: `${g.name[lang]}: ${levelName(lang, level)}`,
        columns: [
          { label: t(lang, "unit"), weight: 2 }, right(t(lang, "population"), 1.1), right(t(lang, "areaKm2")), right(t(lang, "censoredMeanMin"), 1.3), right(t(lang, "censoredP90Min"), 1.3),
          ...c.shareWithinMin.map((x) => right(t(lang, "withinPct", { t: formatThreshold(lang, x) }))), right(t(lang, "hubMaxMin")), right(t(lang, "rank"), 0.8),
        ],
        rows: rows.map((r) => [
          r.name[lang], formatNumber(lang, r.population), formatNumber(lang, r.areaKm2, 1),
          (r.meanIsLowerBound ? MARK.lower : "") + formatMinutes(lang, r.censoredMeanMin), (r.p90IsLowerBound ? MARK.lower : "") + formatMinutes(lang, r.censoredP90Min),
          ...r.shareWithin.map((s) => formatShare(lang, s)), formatMinutes(lang, r.hubMaxMin), r.rankRange === null ? "–" : rankText(r.rankRange),
        ]),
        total: (i) => rows[i].scope === "all",
      });
      drawBandChart(w, m, lang, `${g.name[lang]}: ${t(lang, "chartTitle", { level: levelName(lang, level) })}`, rows);
    }
  }
  w.heading(t(lang, "definitionsTitle"), 11);
  for (const d of c.definitions) w.paragraph(`•  ${d[lang]}`, 9.5);
}

/** Per service type and language group asked for: the groupings' equality side by side, then each grouping's units. */
function comparisonGroupTables(w: PdfWriter, m: ReportModel, lang: Lang): void {
  const c = m.comparison!;
  const rows = c.groupRows ?? [];
  const equality = c.groupEquality ?? [];
  const nameOf = (grouping: string, unit: string) => c.rows.find((r) => r.grouping === grouping && r.id === unit)?.name[lang] ?? unit;
  const gName = new Map(c.groupings.map((g) => [g.id, g.name[lang]]));
  const keyOf = (r: { language: string | null; service: string }) => `${r.language ?? ""}|${r.service}`;
  for (const key of new Set(rows.map(keyOf))) {
    const eq = equality.filter((e) => keyOf(e) === key);
    const title = groupTitle(lang, eq[0].language, eq[0].serviceName[lang]);
    drawTable(w, {
      title: `${t(lang, "sheet_equality")}: ${title}`,
      columns: [{ label: t(lang, "grouping"), weight: 1.6 }, right(t(lang, "meanRatio")), right(t(lang, "p90Ratio")), right(t(lang, "unitMeanGini")), right(t(lang, "gini")), { label: t(lang, "worstUnit"), weight: 1.5 }],
      rows: eq.map((e) => [
        gName.get(e.grouping) ?? e.grouping, MARK[e.meanRatioBound] + formatNumber(lang, e.meanRatio, 2), MARK[e.p90RatioBound] + formatNumber(lang, e.p90Ratio, 2),
        MARK[e.unitMeanGiniBound] + formatNumber(lang, e.unitMeanGini, 3), MARK[e.giniBound] + formatNumber(lang, e.gini, 3),
        e.worstUnit !== null ? nameOf(e.grouping, e.worstUnit) : e.worstCandidates.length > 1 ? t(lang, "undecided", { names: e.worstCandidates.map((u) => nameOf(e.grouping, u)).join(" / ") }) : "–",
      ]),
    });
    for (const g of c.groupings) {
      const units = rows.filter((r) => keyOf(r) === key && r.grouping === g.id);
      drawTable(w, {
        title: `${g.name[lang]}: ${title}`,
        columns: [
          { label: t(lang, "unit"), weight: 2 }, right(t(lang, "population"), 1.1), right(t(lang, "censoredMeanMin"), 1.3), right(t(lang, "censoredP90Min"), 1.3),
          ...c.shareWithinMin.map((x) => right(t(lang, "withinPct", { t: formatThreshold(lang, x) }))), right(t(lang, "rank"), 0.8),
        ],
        rows: units.map((r) => [
          r.name[lang], formatNumber(lang, r.population), (r.meanIsLowerBound ? MARK.lower : "") + formatMinutes(lang, r.censoredMeanMin), (r.p90IsLowerBound ? MARK.lower : "") + formatMinutes(lang, r.censoredP90Min),
          ...r.shareWithin.map((x) => formatShare(lang, x)), r.rankRange === null ? "–" : rankText(r.rankRange),
        ]),
        total: (i) => units[i].scope === "all",
      });
    }
  }
}

function servicesTable(w: PdfWriter, m: ReportModel, lang: Lang): void {
  w.newPage();
  const status = m.scenario !== null;
  drawTable(w, {
    title: t(lang, "sheet_services"),
    // A board reads points by their names; the ids (for joins) are in the XLSX, CSV and GeoPackage.
    columns: [{ label: t(lang, "name"), weight: 4 }, { label: t(lang, "level"), weight: 0.6 }, { label: t(lang, "open"), weight: 0.7 }, { label: t(lang, "code"), weight: 1 }, ...(status ? [{ label: t(lang, "status"), weight: 0.9 }] : [])],
    rows: m.geometry.points.map((p) => [lang === "sv" ? p.name.sv : p.name.fi, p.level, t(lang, p.open ? "yes" : "no"), p.municipality, ...(status ? [t(lang, `status_${p.status}`)] : [])]),
  });
}

/** The report as PDF bytes. */
export async function renderPdf(m: ReportModel, lang: Lang, options: PdfOptions = {}): Promise<Uint8Array> {
  const title = reportTitle(m, lang);
  const w = new PdfWriter(await pdfKit(), { title, date: m.date }, options.fontDir === undefined ? DEJAVU_DIR : options.fontDir);
  titlePage(w, m, lang);
  notesPage(w, m, lang);
  // A section per level: its maps, then its tables and chart (a comparison's tables follow all maps).
  for (const level of LEVELS) {
    mapSection(w, m, lang, level);
    if (m.diff) changeTable(w, m, lang, level);
    if (!m.comparison) figureTables(w, m, lang, level);
  }
  if (m.comparison) comparisonTables(w, m, lang);
  if (m.comparison?.groupRows) comparisonGroupTables(w, m, lang);
  groupTables(w, m, lang);
  loadTables(w, m, lang);
  servicesTable(w, m, lang);
  w.footers((n, count) => t(lang, "page", { n, m: count }), `${title} · ${formatDate(lang, m.date)}`);
  return w.finish();
}

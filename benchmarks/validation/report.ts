/**
 * The validation report: docs/validation.md (figures, sources, licences) and the residual map
 * (an SVG of one panel per model, turned into docs/validation-residuals.png by benchmarks/validate.ts).
 */
import { toEtrs, type RoadGraph } from "../../engine/index.ts";
import { INNER_CITY_ETRS, PARKING_SEARCH_MIN, WALK_M_PER_MIN, WALK_TO_CAR_M } from "../../engine/door-to-door.ts";
import { JUNCTION_DELAY_S, JUNCTION_SHARE, FAST_ROAD_FACTOR } from "../../engine/time-of-day.ts";
import { TURN_COST_S } from "../../engine/turn-costs.ts";
import { R5_OFF_STREET_M_PER_S, R5_TOLERANCE, TARGET, betweenModels, cellsAgreement, meetsTarget, type Agreement, type CellResult, type MatrixReference, type ModelResult, type R5Reference } from "./core.ts";

/** Residual classes (minutes, ours − published) and their colours: blue where we are faster, red slower. */
export const RESIDUAL_CLASSES: readonly { readonly upTo: number; readonly colour: string; readonly label: string }[] = [
  { upTo: -4, colour: "#2166ac", label: "≤ −4" },
  { upTo: -2, colour: "#67a9cf", label: "−4…−2" },
  { upTo: -1, colour: "#d1e5f0", label: "−2…−1" },
  { upTo: 1, colour: "#f7f7f7", label: "−1…1" },
  { upTo: 2, colour: "#fddbc7", label: "1…2" },
  { upTo: 4, colour: "#ef8a62", label: "2…4" },
  { upTo: Infinity, colour: "#b2182b", label: "> 4" },
];

export function residualColour(residualMin: number): string {
  return RESIDUAL_CLASSES.find((c) => residualMin <= c.upTo)!.colour;
}

const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");
const pct = (x: number) => `${Math.round(x * 100)} %`;
const row = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;

function agreementCells(a: Agreement): string[] {
  return [String(a.n), f(a.spearman, 3), f(a.medianAbsResidualMin), f(a.meanResidualMin), pct(a.within2Min)];
}

/** The extract's extent (degrees, [west, south, east, north]): its roads' bounding box, RoadGraph.bbox(). */
type Extent = readonly [number, number, number, number];

/** The cells reached over the Kauppatori–Suomenlinna ferry: Suomenlinna's northern islands, south of 60.151 N and east of 24.96 E. */
export const isSuomenlinna = (c: { lon: number; lat: number }) => c.lat < 60.151 && c.lon > 24.96;

/** Metres from a cell's centroid to the nearest side of the extent (metres per degree at the extent's middle latitude). */
function metresInside(c: { lon: number; lat: number }, [west, south, east, north]: Extent): number {
  const my = 111_320, mx = my * Math.cos(((south + north) / 2) * (Math.PI / 180));
  return Math.min((c.lon - west) * mx, (east - c.lon) * mx, (c.lat - south) * my, (north - c.lat) * my);
}

/** Population standard deviation; NaN for none. */
function standardDeviation(v: readonly number[]): number {
  const mean = v.reduce((a, x) => a + x, 0) / v.length;
  return Math.sqrt(v.reduce((a, x) => a + (x - mean) ** 2, 0) / v.length);
}

/** How far in from the extract's edge a cell must lie for the report's inner subset, metres. */
const INNER_M = 400;

/**
 * Where the ranks part: each model's Spearman on all cells, without Suomenlinna's ferry cells, and on
 * the cells INNER_M or more inside the extract's edge, with the spread of the published minutes each
 * subset covers (the closer the times, the less surely they rank).
 */
function subsetLines(results: readonly ModelResult[], extent: Extent): string[] {
  const subsets: { label: string; keep: (c: CellResult) => boolean }[] = [
    { label: "all cells", keep: () => true },
    { label: "without Suomenlinna's ferry cells", keep: (c) => !isSuomenlinna(c) },
    { label: `${INNER_M} m or more inside the extract's edge`, keep: (c) => metresInside(c, extent) >= INNER_M },
  ];
  const lines = ["", "Where the ranks part: Spearman, door to door, on subsets of the cells (each model against its own matrix column).", ""];
  lines.push(row(["cells", "n", `published ${results[0].model.matrixColumn} times' standard deviation min`, ...results.map((r) => r.model.id)]));
  lines.push(row(["---", "---:", "---:", ...results.map(() => "---:")]));
  for (const s of subsets) {
    const cells = results[0].cells.filter(s.keep), published = cells.map((c) => c.publishedMin);
    lines.push(row([s.label, cells.length, f(standardDeviation(published)), ...results.map((r) => f(cellsAgreement(r, s.keep).spearman, 3))]));
  }
  const best = results.reduce((a, b) => (b.doorToDoor.spearman > a.doorToDoor.spearman ? b : a));
  const inner = cellsAgreement(best, subsets[2].keep).spearman;
  lines.push("");
  lines.push(
    `The best model on all cells, ${best.model.id} (${f(best.doorToDoor.spearman, 3)}), ranks ${f(inner, 3)} on the inner cells: ` +
      (inner < best.doorToDoor.spearman
        ? "the cells the extract's edge cuts off do not explain the shortfall; the disagreement lies throughout the centre."
        : "the cells near the extract's edge pull the agreement down."),
  );
  return lines;
}

/** The whole of docs/validation.md. */
export function validationMarkdown(results: readonly ModelResult[], matrix: MatrixReference, r5: R5Reference, when: string, extent: Extent): string {
  const lines: string[] = [];
  lines.push("# Validation: car travel times against published references");
  lines.push("");
  lines.push(`Made by \`npm run validate\` (benchmarks/validate.ts) on ${when}, on the central Helsinki OSM extract`);
  lines.push("(`../shared/data/osm/helsinki-centre.osm.pbf`, © OpenStreetMap contributors, ODbL). Regenerate it after any");
  lines.push("change to the speed model, the graph or the routing; every figure below comes from that run.");
  lines.push("");
  lines.push("## Against the Helsinki Region Travel Time Matrix 2015, door to door");
  lines.push("");
  lines.push(`Every one of the matrix's cells inside the extract's road network, ${matrix.rows.length} cells, to the railway station`);
  lines.push(`(cell ${matrix.to.id}). The matrix counts a car trip door to door; so does \`--door-to-door\`: the stretches to the`);
  lines.push(`road walked at ${WALK_M_PER_MIN} m/min instead of driven, ${WALK_TO_CAR_M.innerCity} m to and from the car in Helsinki's inner city`);
  lines.push(`(${WALK_TO_CAR_M.elsewhere} m elsewhere), and ${PARKING_SEARCH_MIN} min to find a parking place (engine/door-to-door.ts).`);
  lines.push("Residual = ours − published, minutes (the published times are whole minutes). Free flow is held against the");
  lines.push("matrix's midday column, as the matrix has no free-flow one; the rush hour against its rush-hour column.");
  lines.push(`The target (issue 19): Spearman ≥ ${TARGET.spearman} and median |residual| ≤ ${TARGET.medianAbsResidualMin} min.`);
  lines.push("");
  lines.push(row(["model", "times", "cells", "Spearman", "median \\|residual\\| min", "mean residual min", "within ±2 min", "target met"]));
  lines.push(row(["---", "---", "---:", "---:", "---:", "---:", "---:", "---"]));
  for (const r of results) {
    lines.push(row([r.model.label, "door to door", ...agreementCells(r.doorToDoor), meetsTarget(r.doorToDoor) ? "**yes**" : "**no**"]));
    lines.push(row([r.model.label, "drive only", ...agreementCells(r.driveOnly), "(not the matrix's definition)"]));
  }
  const unreached = results.flatMap((r) => r.unreached.map((id) => `${id} (${r.model.id})`));
  lines.push("");
  lines.push(unreached.length ? `Cells no road reached: ${unreached.join(", ")}.` : "Every cell was reached under every model.");
  lines.push("");
  lines.push("What differs from the matrix besides the model: its 2015 Digiroad network against today's OSM, its straight-line");
  lines.push("walk to the nearest of all roads against our snap to the nearest road a car may use, and its parking search");
  lines.push("times read from a destination file that is not published (the tool's default, 0.42 min, is taken).");
  lines.push("");
  lines.push("Why the largest residuals differ (each checked on the route or the snap, 2026-12-06): the nine cells on Suomenlinna's northern");
  lines.push("islands (60.148–60.150 N) are reached over the Kauppatori–Suomenlinna ferry, which OSM times at its `duration=15` min, while");
  lines.push("MetropAccess-Digiroad times every network element, ferry links too, as its length at a road speed (Vaihe1 computes");
  lines.push("`pituus / (kmh / 3.6)` for each element), so the matrix crosses in a few minutes; cells 100–140 m from the extract's edge or");
  lines.push("300 m or more from any road in it (Korkeasaari, Tervasaari, the Kalasatama shore, Lauttasaari's east shore) lose the roads");
  lines.push("beyond the extract; Hernesaari's 5988359 (25 min published) no route in today's network explains (13.8 min, 53 m from the road).");
  lines.push(...subsetLines(results, extent));
  lines.push("");
  const worst = (results.find((r) => r.model.id === "midday") ?? results[0]);
  lines.push(`The ten largest residuals under ${worst.model.label}, door to door (all cells are in the map below):`);
  lines.push("");
  lines.push(row(["cell", "lon", "lat", "published min", "ours min", "residual min"]));
  lines.push(row(["---:", "---:", "---:", "---:", "---:", "---:"]));
  for (const c of [...worst.cells].sort((a, b) => Math.abs(b.doorToDoorMin - b.publishedMin) - Math.abs(a.doorToDoorMin - a.publishedMin)).slice(0, 10)) {
    lines.push(row([c.id, c.lon, c.lat, c.publishedMin, f(c.doorToDoorMin, 1), f(c.doorToDoorMin - c.publishedMin, 1)]));
  }
  lines.push("");
  lines.push("![Residuals per cell and model, door to door, against the 2015 matrix](validation-residuals.png)");
  lines.push("");
  lines.push("*Residual per cell (ours − published, door to door), one panel per model; blue where we are faster, red where");
  lines.push("slower; the black square is the station cell, the dashed outline the matrix's inner city.*");
  lines.push("");
  lines.push("## Against r5py's car regression test");
  lines.push("");
  lines.push(`All ${r5.rows.length} trips among ${Object.keys(r5.cells).length} cells of r5py's car test (every cell to every other). R5 as r5py runs it on OSM (see`);
  lines.push("the sources): the posted limit, each edge rounded up to whole seconds, 30 s a left turn, 10 s a right turn, 90 s a U-turn at every");
  lines.push(`vertex of its street layer, nothing at signals. Each of our trips is counted as r5py counts one: the drive between the snapped`);
  lines.push(`points, the stretches to the road walked at ${R5_OFF_STREET_M_PER_S} m/s (R5's off-street speed), truncated to whole minutes as R5 reports them.`);
  lines.push(`The target (issue 19): every trip within ±${R5_TOLERANCE * 100} % of R5's minutes.`);
  lines.push("");
  lines.push(row(["model", "trips", "Spearman", "median \\|residual\\| min", "mean residual min", "within ±2 min", "mean ours / R5", "within ±20 %", "target met"]));
  lines.push(row(["---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---"]));
  for (const r of results) lines.push(row([r.model.label, ...agreementCells(r.r5), f(r.r5.meanRatio), pct(r.r5.withinTolerance), r.r5.withinTolerance === 1 ? "**yes**" : "**no**"]));
  lines.push("");
  const turns = results.find((r) => r.model.id === "turns") ?? results[0];
  const short = turns.r5.trips.filter((t) => t.r5Min <= 4);
  lines.push(`Under ${turns.model.label}, by R5's minutes: ${short.length} trips of 4 min or less, where ±20 % is less than a minute`);
  lines.push(`and both sides are truncated to whole minutes, ${pct(short.filter((t) => Math.abs(t.oursMin / t.r5Min - 1) <= R5_TOLERANCE + 1e-9).length / (short.length || 1))} of them within ±20 %; of the longer ones`);
  const long = turns.r5.trips.filter((t) => t.r5Min > 4);
  lines.push(`${pct(long.filter((t) => Math.abs(t.oursMin / t.r5Min - 1) <= R5_TOLERANCE + 1e-9).length / (long.length || 1))}. The ten trips farthest from R5's:`);
  lines.push("");
  lines.push(row(["from", "to", "R5 min", "ours min", "ours / R5"]));
  lines.push(row(["---", "---", "---:", "---:", "---:"]));
  const name = (id: string) => `${id} ${r5.cells[id][2]}`;
  for (const t of [...turns.r5.trips].sort((a, b) => Math.abs(Math.log((b.oursMin || 0.5) / b.r5Min)) - Math.abs(Math.log((a.oursMin || 0.5) / a.r5Min))).slice(0, 10)) {
    lines.push(row([name(t.from), name(t.to), t.r5Min, t.oursMin, f(t.oursMin / t.r5Min)]));
  }
  lines.push("");
  lines.push("## Between the models");
  lines.push("");
  lines.push("Door-to-door times to the station over the same cells: b − a, minutes.");
  lines.push("");
  lines.push(row(["a", "b", "median b − a min", "largest \\|b − a\\| min", "Spearman"]));
  lines.push(row(["---", "---", "---:", "---:", "---:"]));
  for (const p of betweenModels(results)) lines.push(row([p.a, p.b, f(p.medianDiffMin), f(p.maxAbsDiffMin), f(p.spearman, 3)]));
  lines.push("");
  lines.push("## The models");
  lines.push("");
  lines.push("- free flow (`car`): the posted limit × 0.8 (OSRM's `speed_reduction`), no junction delays (README, the speed model).");
  const d = (g: keyof typeof JUNCTION_DELAY_S, t: "midday" | "rush") => f(JUNCTION_SHARE * JUNCTION_DELAY_S[g][t], 1);
  for (const t of ["midday", "rush"] as const) {
    lines.push(`- ${t === "midday" ? "midday (`car-midday`)" : "rush hour (`car-rush`)"}: the posted limit, plus at each junction ${d("1-2", t)} s on main roads, ${d("3", t)} s on`);
    lines.push(`  regional roads, ${d("4-6", t)} s on streets; roads of 70 km/h or more between junctions × ${FAST_ROAD_FACTOR[t]} (MetropAccess-Digiroad, Jaakkola 2013; engine/time-of-day.ts).`);
  }
  lines.push(`- turns (\`--model turns\`): Conveyal R5's scheme whole: the posted limit, ${TURN_COST_S.left} s a left turn, ${TURN_COST_S.right} s a right turn, ${TURN_COST_S["u-turn"]} s a U-turn at junctions,`);
  lines.push("  nothing at signals or signs, turn restrictions (engine/turn-costs.ts); at a time of day only the fast roads' factors on top");
  lines.push("  (the junction delay is the turn costs'). Not copied from R5: its rounding of each street-layer edge up to whole seconds");
  lines.push("  and its turn costs at bends where a footway or another way meets the road (see README, the turn model).");
  lines.push("");
  lines.push("## Sources and licences");
  lines.push("");
  for (const ref of [matrix, r5]) {
    lines.push(`- ${ref.source} @ \`${ref.commit}\`: ${ref.licence}. ${ref.about}`);
  }
  lines.push("- The time-of-day and door-to-door figures: MetropAccess-Digiroad (github.com/HTenkanen/MetropAccess-Digiroad_ArcGIS10_2,");
  lines.push("  src/Vaihe3_AikasakkojenLaskenta.py and src/Vaihe4_KokonaismatkaketjunLaskenta.py, GPL-3.0; the figures are facts of");
  lines.push("  its calibration, none of its code is used), the tool the 2015 matrix's car times were made with");
  lines.push("  (github.com/AccessibilityRG/HelsinkiRegionTravelTimeMatrix2015).");
  lines.push("- Roads: © OpenStreetMap contributors, ODbL 1.0.");
  return lines.join("\n") + "\n";
}

/** The residual map: one panel per model, cells coloured by door-to-door residual, roads beneath. */
export function residualSvg(results: readonly ModelResult[], matrix: MatrixReference, graph: RoadGraph): string {
  const pts = matrix.rows.map(([, lon, lat]) => toEtrs(lon, lat));
  const pad = 300;
  const minX = Math.min(...pts.map((p) => p[0])) - pad, maxX = Math.max(...pts.map((p) => p[0])) + pad;
  const minY = Math.min(...pts.map((p) => p[1])) - pad, maxY = Math.max(...pts.map((p) => p[1])) + pad;
  const panelW = 420, scale = panelW / (maxX - minX), panelH = (maxY - minY) * scale;
  const gap = 20, top = 52, legendH = 84;
  const width = results.length * panelW + (results.length + 1) * gap, height = top + panelH + legendH + gap;
  const px = (x: number, y: number, panel: number): [number, number] => [gap + panel * (panelW + gap) + (x - minX) * scale, top + (maxY - y) * scale];
  const roads = (panel: number) => {
    const d: string[] = [];
    const tail = graph.edgeTail();
    for (let e = 0; e < graph.edgeCount; e++) {
      const u = tail[e], v = graph.head[e];
      if (u > v && graph.findEdge(v, u) >= 0) continue; // one line for a two-way street
      const [x1, y1] = px(...toEtrs(graph.lon(u), graph.lat(u)), panel), [x2, y2] = px(...toEtrs(graph.lon(v), graph.lat(v)), panel);
      if (Math.max(x1, x2) < gap + panel * (panelW + gap) || Math.min(x1, x2) > gap + panel * (panelW + gap) + panelW) continue;
      d.push(`M${x1.toFixed(1)} ${y1.toFixed(1)}L${x2.toFixed(1)} ${y2.toFixed(1)}`);
    }
    return `<path d="${d.join("")}" stroke="#999" stroke-width="0.6" fill="none"/>`;
  };
  const half = 125 * scale;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(width)}" height="${Math.ceil(height)}" viewBox="0 0 ${Math.ceil(width)} ${Math.ceil(height)}" font-family="sans-serif">`);
  out.push(`<rect width="100%" height="100%" fill="white"/>`);
  results.forEach((r, panel) => {
    const x0 = gap + panel * (panelW + gap);
    out.push(`<defs><clipPath id="clip${panel}"><rect x="${x0}" y="${top}" width="${panelW}" height="${panelH}"/></clipPath></defs>`);
    out.push(`<g clip-path="url(#clip${panel})">`);
    out.push(roads(panel));
    for (const c of r.cells) {
      const [x, y] = px(...toEtrs(c.lon, c.lat), panel);
      out.push(`<rect class="cell" data-id="${c.id}" data-residual="${(c.doorToDoorMin - c.publishedMin).toFixed(2)}" x="${(x - half).toFixed(1)}" y="${(y - half).toFixed(1)}" width="${(2 * half).toFixed(1)}" height="${(2 * half).toFixed(1)}" fill="${residualColour(c.doorToDoorMin - c.publishedMin)}" fill-opacity="0.75" stroke="#666" stroke-width="0.3"/>`);
    }
    const ring = INNER_CITY_ETRS.map(([x, y]) => px(x, y, panel).map((v) => v.toFixed(1)).join(",")).join(" ");
    out.push(`<polygon points="${ring}" fill="none" stroke="#333" stroke-dasharray="4 3"/>`);
    const [sx, sy] = px(...toEtrs(matrix.to.lon, matrix.to.lat), panel);
    out.push(`<rect x="${(sx - half).toFixed(1)}" y="${(sy - half).toFixed(1)}" width="${(2 * half).toFixed(1)}" height="${(2 * half).toFixed(1)}" fill="black"/>`);
    out.push(`</g>`);
    out.push(`<rect x="${x0}" y="${top}" width="${panelW}" height="${panelH}" fill="none" stroke="#333"/>`);
    out.push(`<text x="${x0}" y="${top - 28}" font-size="14" font-weight="bold">${r.model.label}</text>`);
    out.push(`<text x="${x0}" y="${top - 10}" font-size="13">Spearman ${f(r.doorToDoor.spearman, 3)}, median |residual| ${f(r.doorToDoor.medianAbsResidualMin)} min</text>`);
  });
  const ly = top + panelH + 20;
  out.push(`<text x="${gap}" y="${ly + 14}" font-size="13">Door-to-door residual, ours − Helsinki Region Travel Time Matrix 2015, min:</text>`);
  RESIDUAL_CLASSES.forEach((c, i) => {
    const x = gap + i * 90;
    out.push(`<rect x="${x}" y="${ly + 24}" width="18" height="18" fill="${c.colour}" stroke="#666"/><text x="${x + 24}" y="${ly + 38}" font-size="13">${c.label}</text>`);
  });
  out.push(`<text x="${gap}" y="${ly + 62}" font-size="11" fill="#555">Roads © OpenStreetMap contributors (ODbL); matrix © Accessibility Research Group, University of Helsinki (CC BY 4.0).</text>`);
  out.push(`</svg>`);
  return out.join("\n");
}

/**
 * What `levels`, `scenario` and `compare` share: the road graph, the study inputs (services,
 * people, areas, units) and one analysis run, with the notes a reader of the figures must see.
 */
import { SnapIndex } from "../../engine/snap.ts";
import type { RoadGraph } from "../../engine/graph.ts";
import type { GraphMeta } from "../../engine/serialize.ts";
import { analyse, type AnalysisResult } from "../../engine/analysis.ts";
import type { ServicePoint } from "../../engine/services.ts";
import { InvalidInputError } from "../../engine/errors.ts";
import type { RegionId } from "../../data/facts/index.ts";
import { loadStudy, type Study } from "../../data/study.ts";
import { openGraph, type CommonOptions } from "./commands.ts";
import { progress } from "./output.ts";

/** The options every study command takes (see `levels --help`). */
export interface StudyCliOptions extends Omit<CommonOptions, "format"> {
  region: RegionId;
  services?: string;
  population?: string;
  populationColumn?: string;
  totals?: string;
  totalsYear?: number;
  municipalities?: string;
  grouping?: string | null;
  thresholds: number[];
  cellSize: number;
  bbox?: string;
  maxConnector: number;
}

export interface OpenStudy {
  readonly graph: RoadGraph;
  readonly meta: GraphMeta;
  readonly snapIndex: SnapIndex;
  readonly study: Study;
  /** Where the roads come from, for every output. */
  readonly roads: string;
}

/** A service point this far from the road (m) is worth a note: it may lie outside the extract. */
const FAR_SNAP_M = 500;

function parseBbox(text: string | undefined): [number, number, number, number] | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(",").map(Number);
  if (parts.length !== 4 || parts.some((v) => !Number.isFinite(v))) {
    throw new InvalidInputError(`--bbox: expected minLon,minLat,maxLon,maxLat, got ${JSON.stringify(text)}`, "bbox", text);
  }
  return parts as [number, number, number, number];
}

/** Loads the graph and the study inputs, with progress. `services` overrides opts.services. */
export async function openStudy(opts: StudyCliOptions, services = opts.services): Promise<OpenStudy> {
  const bbox = parseBbox(opts.bbox);
  const { graph, meta } = await openGraph(opts);
  const bar = progress(opts.quiet === true);
  try {
    const snapIndex = new SnapIndex(graph);
    const study = await loadStudy(graph, snapIndex, {
      region: opts.region,
      services,
      population: opts.population,
      populationColumn: opts.populationColumn,
      totals: opts.totals,
      totalsYear: opts.totalsYear,
      municipalities: opts.municipalities,
      grouping: opts.grouping,
      cellSizeM: opts.cellSize,
      bbox,
      maxConnectorM: opts.maxConnector,
      onProgress: (p, d, t) => bar.update(p, d, t),
    });
    const roads = meta.generated ? "GENERATED road network, not real roads" : String(meta.attribution ?? "OpenStreetMap contributors, ODbL 1.0");
    return { graph, meta, snapIndex, study, roads };
  } finally {
    bar.stop();
  }
}

/** One analysis of the given points (default: the study's service set). */
export function runAnalysis(s: OpenStudy, opts: StudyCliOptions, points: readonly ServicePoint[] = s.study.services.points): AnalysisResult {
  return analyse({
    graph: s.graph,
    snapIndex: s.snapIndex,
    links: s.study.links,
    services: points,
    population: s.study.population,
    areas: s.study.areas,
    areaOfCell: s.study.areaOfCell,
    units: s.study.units ?? undefined,
    thresholdsMin: opts.thresholds,
    profile: opts.profile,
    maxSnapM: opts.maxSnap,
  });
}

/** The study's notes plus what the run says about the roads and the service points. */
export function runNotes(s: OpenStudy, result: AnalysisResult, maxSnapM: number): string[] {
  const notes = [...s.study.notes];
  if (s.meta.generated) notes.unshift("The roads are GENERATED (a demo network), not real: the times are illustrations only.");
  if (result.unplaced.length > 0) {
    notes.push(`${result.unplaced.length} service point(s) with no road within ${maxSnapM} m left out: ${result.unplaced.map((p) => p.id).join(", ")}.`);
  }
  for (const { point, target } of result.placed) {
    if (target.snap.distanceM > FAR_SNAP_M) {
      notes.push(`Service point ${point.id} (${point.name.fi}) is ${Math.round(target.snap.distanceM)} m from the nearest road: is it outside the extract? (--max-snap ${maxSnapM} m)`);
    }
  }
  return notes;
}

/** Prints notes on stderr unless quiet. */
export function printNotes(notes: readonly string[], quiet?: boolean): void {
  if (!quiet) for (const n of notes) process.stderr.write(`note: ${n}\n`);
}

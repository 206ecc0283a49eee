/**
 * What `levels`, `scenario`, `compare`, `report` and `assign-levels` share: their options become
 * an open study (study/), with progress on stderr, and the study's notes are printed there.
 */
import { InvalidInputError, normaliseThresholds } from "../../engine/index.ts";
import { GROUPINGS, readRegionFile } from "../../data/facts/index.ts";
import { Study, type OpenOptions, type StudyOptions } from "../../study/index.ts";
import type { CommonOptions } from "./commands.ts";
import { progress, warner } from "./output.ts";

/** The options every study command takes (see `levels --help`): the study's inputs as files, and the CLI's own. */
export interface StudyCliOptions extends Omit<CommonOptions, "format">, Pick<OpenOptions, "model">, Pick<StudyOptions, "services" | "population" | "populationColumn" | "populationGroups" | "totals" | "totalsYear" | "languages" | "municipalities" | "grouping" | "crossBorder"> {
  /** A built-in region's id or name, or a region file (.json); default: taken from the roads. */
  region?: string;
  thresholds: number[];
  cellSize: number;
  bbox?: string;
  maxConnector: number;
}

function parseBbox(text: string | undefined): [number, number, number, number] | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(",").map(Number);
  if (parts.length !== 4 || parts.some((v) => !Number.isFinite(v))) {
    throw new InvalidInputError(`--bbox: expected minLon,minLat,maxLon,maxLat, got ${JSON.stringify(text)}`, "bbox", text);
  }
  return parts as [number, number, number, number];
}

/**
 * --region as the study takes it: a region file (a path ending in .json) read whole, with its
 * groupings and its service file (which --services overrides); else the id or name as given.
 */
async function regionOption(region: string | undefined, services: string | undefined): Promise<Pick<OpenOptions, "region" | "regionGroupings" | "services">> {
  if (region === undefined || !/\.json$/i.test(region)) return { region, services };
  const file = await readRegionFile(region);
  return { region: file.region, regionGroupings: file.groupings, services: services ?? file.services ?? undefined };
}

/** The options of Study.open that the study commands and `serve` take alike, from their CLI names. */
export async function studyOpenOptions(opts: Omit<StudyCliOptions, "thresholds" | "bbox" | "out" | "osm">, roads: OpenOptions["roads"]): Promise<OpenOptions> {
  return {
    roads,
    cacheDir: opts.cache === false ? false : opts.cacheDir,
    ...(await regionOption(opts.region, opts.services)),
    crossBorder: opts.crossBorder,
    population: opts.population,
    populationColumn: opts.populationColumn,
    populationGroups: opts.populationGroups,
    totals: opts.totals,
    totalsYear: opts.totalsYear,
    languages: opts.languages,
    municipalities: opts.municipalities,
    grouping: opts.grouping,
    cellSizeM: opts.cellSize,
    maxConnectorM: opts.maxConnector,
    profile: opts.profile,
    model: opts.model,
    maxSnapM: opts.maxSnap,
    onWarning: warner(opts.quiet),
  };
}

/**
 * Opens the study the options name, with progress; every search goes to the last threshold, or to
 * `cutoffMin` when given (a comparison's measures use every time the search can give, whatever
 * thresholds are shown). `services` overrides opts.services (a scenario file names its own base set).
 */
export async function openStudy(opts: StudyCliOptions, services = opts.services, cutoffMin?: number): Promise<Study> {
  const bbox = parseBbox(opts.bbox);
  // A built-in grouping names its region: `--grouping uusimaa-6` studies Uusimaa unless --region says otherwise.
  const region = opts.region ?? GROUPINGS.find((g) => g.id === opts.grouping)?.region;
  const thresholds = normaliseThresholds(opts.thresholds);
  const bar = progress(opts.quiet === true);
  try {
    return await Study.open({
      ...(await studyOpenOptions({ ...opts, region, services }, opts.osm)),
      // The commands draw no map: no water is read.
      water: false,
      bbox,
      cutoffMin: Math.max(cutoffMin ?? 0, thresholds[thresholds.length - 1]),
      onProgress: (p, d, t) => bar.update(p, d, t),
    });
  } finally {
    bar.stop();
  }
}


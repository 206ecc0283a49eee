/**
 * Figures over subsets of a study's points or people: the nearest point offering a service type,
 * a language group's speakers to the nearest service given in their language (a point's own
 * languages, else its municipality's official ones), and a population group's (an age band's)
 * people. Each search is one multi-source search to the study's cutoff from the base set's placed
 * points, kept per key; a scenario's language run searches its own points. Made once per study
 * (Study.subsets), so every output reads the same figures.
 */
import {
  DS_PER_MIN, InvalidInputError, LEVELS, levelFigures, offersService, offersType, oneLevelFigures, serviceType, show, spreadTotals, modelTravelTimeSurface, zeroCentres,
  type LevelFigures, type LevelSurfaces, type Links, type OneLevelFigures, type ServiceKey, type ServiceLevel, type ServicePoint,
} from "../engine/index.ts";
import { officialLanguages } from "../data/facts/index.ts";
import type { LevelDiffs, OneDiff, ScenarioRun, Study } from "./study.ts";

/** Figures per service type, at these thresholds. */
export interface TypeFigures {
  readonly thresholdsMin: number[];
  readonly types: Readonly<Record<string, OneLevelFigures>>;
}

/** Band crossings between two surfaces of one service over some people (the study's own diff). */
type Diffs = (before: Uint32Array, after: Uint32Array, population: Uint32Array, thresholdsMin: readonly number[]) => OneDiff;

/** One service under a scenario: figures before and after, and the band crossings between them. */
export interface ServiceRun {
  readonly base: OneLevelFigures;
  readonly scenario: OneLevelFigures;
  readonly diff: OneDiff;
}

export class Subsets {
  /** Per key (a type; a language and service): time (ds) from each cell, then each area centre. */
  private readonly surfaces = new Map<string, Uint32Array>();
  /** People per cell per language. */
  private readonly speakers = new Map<string, Uint32Array>();

  constructor(
    private readonly study: Study,
    /** The study's cells, then its area centres. */
    private readonly links: Links,
    private readonly diffs: Diffs,
  ) {}

  /**
   * Time (ds) from each cell and each area centre to the nearest open point of the base set that
   * offers a service type (the catalogue's; its own list or its level's menu): one multi-source
   * search to the cutoff, made at the first ask and kept. An unknown type is an InvalidInputError
   * naming `types`.
   */
  typeSurface(type: string): { cells: Uint32Array; centres: Uint32Array } {
    const { catalogue } = this.study.parts.inputs;
    serviceType(catalogue, type, "types");
    return this.surfaceOf(`type:${type}`, (p) => offersType(p, type, catalogue));
  }

  /**
   * The same to the nearest open point of a level or type that serves in a language: its own
   * `languages`, else its municipality's official languages (Language Act 423/2003, § 5).
   */
  languageSurface(lang: string, service: ServiceKey): { cells: Uint32Array; centres: Uint32Array } {
    const { catalogue } = this.study.parts.inputs;
    if ("type" in service) serviceType(catalogue, service.type, "types");
    return this.surfaceOf(`language:${lang}:${"level" in service ? service.level : `type:${service.type}`}`, (p) => offersService(p, service, catalogue) && servesIn(p, lang));
  }

  /** One multi-source search from the placed base points that pass `serves`, kept under `key`; centres where such a point stands are 0. */
  private surfaceOf(key: string, serves: (p: ServicePoint) => boolean): { cells: Uint32Array; centres: Uint32Array } {
    let all = this.surfaces.get(key);
    if (!all) this.surfaces.set(key, (all = this.searchFrom(this.study.base.placed.filter((p) => serves(p.point)))));
    return this.split(all);
  }

  /** One multi-source search to the cutoff from placed points: time (ds) from each cell, then each area centre (0 where a point stands on it). */
  private searchFrom(placed: ReturnType<Study["place"]>["placed"]): Uint32Array {
    const { graph } = this.study.parts;
    const all = modelTravelTimeSurface(graph, this.links, placed.map((p) => p.target), { profile: this.study.profile, model: this.study.model, direction: "to", cutoffDs: this.study.cutoffMin * DS_PER_MIN });
    zeroCentres(this.study.parts.inputs.areas, placed.map((p) => p.point), all.subarray(this.study.parts.inputs.population.length));
    return all;
  }

  private split(all: Uint32Array): { cells: Uint32Array; centres: Uint32Array } {
    const cells = this.study.parts.inputs.population.length;
    return { cells: all.subarray(0, cells), centres: all.subarray(cells) };
  }

  /**
   * Whole people per cell who speak a language: each municipality's speakers (the languages
   * file's share of its residents, times its people on the grid) spread over its cells as its
   * people are. An InvalidInputError naming `language` without a languages file or for a language
   * it does not give.
   */
  languagePopulation(lang: string): Uint32Array {
    const { languages, areas, areaOfCell, population } = this.study.parts.inputs;
    if (!languages) throw new InvalidInputError(`language ${show(lang)}: figures per language need people by language per municipality (--languages)`, "language", lang);
    if (!languages.languages.includes(lang)) throw new InvalidInputError(`language ${show(lang)} is not in ${languages.file}, which gives ${languages.languages.join(", ")}`, "language", lang);
    let out = this.speakers.get(lang);
    if (!out) {
      const onGrid = this.study.areaPopulation();
      const speakers = areas.map((a, i) => {
        const m = languages.perMunicipality.get(a.code);
        return m && m.total > 0 ? Math.round((onGrid[i] * (m.speakers[lang] ?? 0)) / m.total) : 0;
      });
      out = spreadTotals(areaOfCell, speakers, Float64Array.from(population)).perCell;
      this.speakers.set(lang, out);
    }
    return out;
  }

  /** Whole people per cell of a population group (an age band the grid gives); an InvalidInputError naming `group` otherwise. */
  groupPopulation(name: string): Uint32Array {
    const { groups } = this.study.parts.inputs;
    const g = groups.get(name);
    if (g) return g;
    const known = [...groups.keys()];
    throw new InvalidInputError(
      known.length > 0
        ? `group ${show(name)} is not one of the population grid's groups: ${known.join(", ")}`
        : `group ${show(name)}: the population has no groups (a grid with age columns, e.g. Statistics Finland's ika_65_, or --population-groups)`,
      "group",
      name,
    );
  }

  /** The base figures of a population group's people: the level surfaces as they are, counted over the group. */
  groupFigures(name: string, thresholdsMin?: readonly number[]): LevelFigures {
    const thresholds = this.study.thresholds(thresholdsMin);
    return levelFigures({ ...this.study.figureInput, population: this.groupPopulation(name) }, this.study.base.surfaces, this.study.base.centreDs, thresholds);
  }

  /**
   * A language group under a scenario's points (run.points): its speakers' figures to the nearest
   * service of each level given in their language, and who of them crosses a band boundary
   * against the base. One search per level from the scenario's points serving in the language.
   */
  languageRun(lang: string, run: ScenarioRun): { base: LevelFigures; scenario: LevelFigures; diff: LevelDiffs } {
    const runs = LEVELS.map((level) => this.serviceRun(run, { level }, lang));
    const byLevel = <T>(pick: (r: ServiceRun) => T) => Object.fromEntries(LEVELS.map((l, i) => [l, pick(runs[i])])) as Record<ServiceLevel, T>;
    const figures = (side: "base" | "scenario"): LevelFigures => ({
      thresholdsMin: run.figures.thresholdsMin,
      perArea: byLevel((r) => r[side].perArea),
      perUnit: this.study.inputs.units ? byLevel((r) => r[side].perUnit!) : null,
      overall: byLevel((r) => r[side].overall),
      centreMin: byLevel((r) => r[side].centreMin),
    });
    const diff: LevelDiffs = { perArea: byLevel((r) => r.diff.perArea), perUnit: this.study.inputs.units ? byLevel((r) => r.diff.perUnit!) : null, overall: byLevel((r) => r.diff.overall) };
    return { base: figures("base"), scenario: figures("scenario"), diff };
  }

  /**
   * One service (a level, a type) under a scenario's points, for everyone or, with `lang`, for a
   * language group's speakers to the service given in their language: the figures before and
   * after, and who crosses a band boundary. The base side is the kept search (typeSurface,
   * languageSurface, or the level's base surface); the scenario side one search from the run's
   * placed points that offer it, or the base's very surface when no such point changed.
   */
  serviceRun(run: ScenarioRun, service: ServiceKey, lang: string | null = null): ServiceRun {
    const { catalogue, population: everyone } = this.study.inputs;
    const population = lang === null ? everyone : this.languagePopulation(lang);
    const thresholds = run.figures.thresholdsMin;
    const serves = (p: ServicePoint) => offersService(p, service, catalogue) && (lang === null || servesIn(p, lang));
    let before: { cells: Uint32Array; centres: Uint32Array };
    if (lang !== null) before = this.languageSurface(lang, service);
    else if ("type" in service) before = this.typeSurface(service.type);
    else before = { cells: this.study.base.surfaces[service.level], centres: this.study.base.centreDs[service.level] };
    const baseServing = new Map(this.study.base.placed.filter((p) => serves(p.point)).map((p) => [p.point.id, p.point]));
    const { placed } = this.study.place(run.points);
    const serving = placed.filter((p) => serves(p.point));
    const unchanged = serving.length === baseServing.size && serving.every((p) => samePlace(baseServing.get(p.point.id), p.point));
    const after = unchanged ? before : this.split(this.searchFrom(serving));
    const input = { ...this.study.figureInput, population };
    const base = oneLevelFigures(input, before.cells, before.centres, thresholds);
    const scenario = unchanged ? base : oneLevelFigures(input, after.cells, after.centres, thresholds);
    return { base, scenario, diff: this.diffs(before.cells, after.cells, population, thresholds) };
  }

  /**
   * Time (ds) from each cell and area centre to the nearest open point of another set (a
   * scenario's points) that offers a level or type and, with a language, serves in it: one search
   * from those points placed on the roads, not kept.
   */
  pointsSurface(points: readonly ServicePoint[], service: ServiceKey, lang: string | null): { cells: Uint32Array; centres: Uint32Array } {
    const { catalogue } = this.study.parts.inputs;
    if ("type" in service) serviceType(catalogue, service.type, "types");
    return this.split(this.searchFrom(this.study.place(points).placed.filter((p) => offersService(p.point, service, catalogue) && (lang === null || servesIn(p.point, lang)))));
  }

  /**
   * A service type under a scenario's points (serviceRun), shaped as a level's (LevelFigures,
   * LevelDiffs) so the rows and JSON are the levels' own: the type's figures and crossings stand in
   * each level's place (all three the same); read them at L.
   */
  typeRun(type: string, run: ScenarioRun): { base: LevelFigures; scenario: LevelFigures; diff: LevelDiffs } {
    const r = this.serviceRun(run, { type });
    const all = <T>(x: T): Record<ServiceLevel, T> => ({ L: x, A: x, E: x });
    const asLevels = (f: OneLevelFigures): LevelFigures => ({
      thresholdsMin: run.figures.thresholdsMin,
      perArea: all(f.perArea),
      perUnit: f.perUnit && all(f.perUnit),
      overall: all(f.overall),
      centreMin: all(f.centreMin),
    });
    return { base: asLevels(r.base), scenario: asLevels(r.scenario), diff: { perArea: all(r.diff.perArea), perUnit: r.diff.perUnit && all(r.diff.perUnit), overall: all(r.diff.overall) } };
  }

  /** Municipalities of the study the languages file does not give (their speakers count as none). */
  get areasWithoutLanguages(): string[] {
    const l = this.study.parts.inputs.languages;
    return l ? this.study.parts.inputs.areas.filter((a) => !l.perMunicipality.has(a.code)).map((a) => a.code) : [];
  }

  /** Figures of a language's speakers to the nearest service of each level (and each type asked) offered in that language. */
  languageFigures(lang: string, types: readonly string[], thresholdsMin?: readonly number[]): { levels: LevelFigures; types: TypeFigures } {
    const thresholds = this.study.thresholds(thresholdsMin);
    const input = { ...this.study.figureInput, population: this.languagePopulation(lang) };
    const cells = {} as LevelSurfaces;
    const centres = {} as LevelSurfaces;
    for (const level of LEVELS) ({ cells: cells[level], centres: centres[level] } = this.languageSurface(lang, { level }));
    const byType = Object.fromEntries(types.map((type) => {
      const s = this.languageSurface(lang, { type });
      return [type, oneLevelFigures(input, s.cells, s.centres, thresholds)];
    }));
    return { levels: levelFigures(input, cells, centres, thresholds), types: { thresholdsMin: thresholds, types: byType } };
  }

  /** Per service type, the figures a level has (per area, per unit, overall, centres), from typeSurface. */
  typeFigures(types: readonly string[], thresholdsMin?: readonly number[]): TypeFigures {
    const thresholds = this.study.thresholds(thresholdsMin);
    const out: Record<string, OneLevelFigures> = {};
    for (const type of types) {
      const s = this.typeSurface(type);
      out[type] = oneLevelFigures(this.study.figureInput, s.cells, s.centres, thresholds);
    }
    return { thresholdsMin: thresholds, types: out };
  }
}

/** Whether a point stands where it stood (so its place, and the searches from it, are the same). */
function samePlace(was: ServicePoint | undefined, p: ServicePoint): boolean {
  return was !== undefined && was.lon === p.lon && was.lat === p.lat;
}

/** Whether a point serves in a language: its own list, else its municipality's official languages. */
function servesIn(p: ServicePoint, lang: string): boolean {
  return (p.languages ?? officialLanguages(p.municipality)).includes(lang);
}

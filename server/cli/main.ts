/**
 * The `palveluverkko` command line. Exit codes: 0 success, 2 bad input (any PalveluverkkoError or
 * usage error: one line on stderr, no stack trace), 1 an internal error.
 */
import { Command, CommanderError, Option } from "commander";
import { PalveluverkkoError, InvalidInputError, PROFILES, ACTIVE_PROFILES, isActiveProfile, ROAD_MODELS, TIMES_OF_DAY, profileAt, type TimeOfDay, DEFAULT_THRESHOLDS_MIN, DEFAULT_MAX_SNAP_M, DEFAULT_CATALOGUE } from "../../engine/index.ts";
import { DEFAULT_STORE_DIR } from "./defaults.ts";

/**
 * A command's action, its module loaded only when the command runs: `--help` and a mistyped option
 * then load none of them (nor the database, spreadsheet and PDF libraries behind them).
 */
function lazy<M>(load: () => Promise<M>, name: keyof M) {
  return async (...args: unknown[]): Promise<void> => {
    const mod = await load();
    await (mod[name] as (...a: unknown[]) => unknown)(...args);
  };
}
const commands = () => import("./commands.ts");

/** The measures' definitions under `compare --help`, loaded (with the study) only when that help is asked for. */
let compareHelpText = "";

const profileOption = () =>
  new Option("--profile <name>", "speed profile: car (summer limits), car-winter (winter limits), walk (on foot, 4.2 km/h) or bike (16.8 km/h); walk and bike use their own graphs of the extract").choices([...PROFILES, ...ACTIVE_PROFILES]).default("car");
const timeOption = () =>
  new Option("--time <time>", "time of day: free (free flow), midday or rush (rush hour): junction delays by road class, MetropAccess-Digiroad's model; combines with --profile").choices([...TIMES_OF_DAY]).default("free");
/** Walking and cycling graphs a server offers besides the car's (their profiles in the API and the app). */
const modesOption = () =>
  new Option("--modes <list>", "walking and cycling graphs to build from the extract too, offered as profiles walk and bike: comma-separated, or none").argParser(modeList).default([...ACTIVE_PROFILES], "walk,bike");
const doorToDoorOption = () =>
  new Option("--door-to-door", "also the time door to door as the Helsinki Region Travel Time Matrix counts a car trip: walks to and from the car at 70 m/min (180 m each in Helsinki's inner city, 135 m elsewhere, and the stretch to the road) and 0.42 min to find a parking place");
const modelOption = () =>
  new Option("--model <name>", "road model: plain (0.8 × the limit, junctions free) or turns (R5's scheme: the posted limit, turn costs, turn restrictions)").choices([...ROAD_MODELS]).default("plain");
const osmOption = () => new Option("--osm <file>", "OSM extract (.osm.pbf or .osm) or a built graph (.pvg)").makeOptionMandatory();
const common = (cmd: Command) =>
  cmd
    .option("--cache-dir <dir>", "where built graphs are kept (default $PALVELUVERKKO_CACHE or ~/.cache/palveluverkko)")
    .option("--no-cache", "neither read nor write the graph cache")
    .option("-q, --quiet", "no progress output");

/** What guards a shared server: read-only mode, the rate limit, the proxies trusted to name the client (serve and start). */
const guards = (cmd: Command) =>
  cmd
    .option("--read-only", "refuse every change to the store (403): scenarios can be run, not saved (also $PALVELUVERKKO_READ_ONLY=1)", process.env.PALVELUVERKKO_READ_ONLY === "1")
    .option("--rate-limit <n>", "requests per minute one client (IP address) may make to /api before a 429; 0 for no limit", whole("rate-limit"), 1000)
    .option("--trust-proxy <hops>", "proxies in front whose X-Forwarded-For names the client (0: the peer itself is the client)", whole("trust-proxy"), 0)
    .option("--allowed-hosts <names>", "host names the server answers to besides localhost and IP addresses, comma-separated (.example.fi: it and every name under it; *: any); others get a 403, which stops DNS-rebinding pages (also $PALVELUVERKKO_ALLOWED_HOSTS)", process.env.PALVELUVERKKO_ALLOWED_HOSTS);

/** `walk,bike`, `walk` or `none`. */
function modeList(v: string): string[] {
  const modes = v.trim() === "none" ? [] : v.split(",").map((m) => m.trim());
  for (const m of modes) if (!isActiveProfile(m)) throw new InvalidInputError(`--modes: ${JSON.stringify(m)} is not walk or bike (or none)`, "modes", m);
  return modes;
}

/** A whole number of something, 0 or more. */
function whole(field: string) {
  return (v: string) => {
    const n = number(field)(v);
    if (!Number.isInteger(n)) throw new InvalidInputError(`--${field}: ${JSON.stringify(v)} is not a whole number`, field, v);
    return n;
  };
}

function number(field: string) {
  return (v: string) => {
    const n = Number(v);
    if (v.trim() === "" || !Number.isFinite(n) || n < 0) throw new InvalidInputError(`--${field}: ${JSON.stringify(v)} is not a non-negative number`, field, v);
    return n;
  };
}

/** `name=col+col;name=col`: population groups as sums of the grid's columns. */
function populationGroups(v: string): { name: string; columns: string[] }[] {
  return v.split(";").filter((g) => g.trim() !== "").map((g) => {
    const [name, cols] = g.split("=");
    const columns = (cols ?? "").split("+").map((c) => c.trim()).filter((c) => c !== "");
    if (!name?.trim() || columns.length === 0) throw new InvalidInputError(`--population-groups: ${JSON.stringify(g)} is not name=column+column`, "populationGroups", g);
    return { name: name.trim(), columns };
  });
}

function thresholds(v: string): number[] {
  return v.split(",").map((s) => {
    const n = Number(s);
    if (s.trim() === "" || !Number.isFinite(n)) throw new InvalidInputError(`--thresholds: ${JSON.stringify(s)} is not a number of minutes`, "thresholds", s);
    return n;
  });
}

const collect = (v: string, prev: string[]) => [...prev, v];

/** What --region takes, for every command that has it. */
const REGION_HELP =
  "the region: a wellbeing services county or Helsinki by id or name (pirkanmaa, Birkaland, helsinki, …), uusimaa (its five organisers), " +
  "or a region file of your own (JSON: id, name, municipalities, groupings?, services?); default: taken from the roads";

const regionOption = () => new Option("--region <region>", REGION_HELP);

/** Regional units and the rows they give, for levels and scenario. */
function perUnit(cmd: Command): Command {
  return cmd
    .option("--grouping <id>", "regional units: a grouping of the region (uusimaa-6, uusimaa-5, lappi-2, <region>-whole, …) or none (default: the region's first)")
    .addOption(new Option("--per <what>", "a row per municipality or per regional unit, per level").choices(["municipality", "unit"]).default("municipality"));
}

/** The inputs of every study command (levels, scenario, compare): people, areas, units, grid, output. */
function studyInputs(cmd: Command): Command {
  return common(
    cmd
      .addOption(osmOption())
      .option("--population <file>", "population grid, GeoPackage or CSV (HSY / Statistics Finland; default: municipal totals spread over the roads)")
      .option("--population-column <name>", "population column of the grid (default: inhabitants, vaesto, asukkaita, population, ...)")
      .option("--population-groups <spec>", "population groups as sums of grid columns, e.g. \"0-6=he_0_2+he_3_6;75+=he_75_79+he_80_84+he_85_\" (default: Statistics Finland's ika_0_14, ika_15_64, ika_65_ when the grid has them)", populationGroups)
      .option("--totals <file>", "municipal population totals, CSV with code and population (and year) columns, for municipalities outside the built-in facts")
      .option("--totals-year <year>", "year to take from --totals (default: the latest)", number("totals-year"))
      .option("--languages <file>", "people by language per municipality, CSV: a code column and fi, sv, se, … columns (Statistics Finland 11rm), for figures per language group")
      .option("--municipalities <file>", "municipal boundaries, GeoPackage or GeoJSON (default: Statistics Finland's 2023 boundaries, generalised, built in); nearest: each cell to the nearest administrative centre")
      .option("--cross-border", "with the built-in service set: count the other organisers' points inside the extract too (people use the nearest hospital whichever county runs it)")
      .addOption(profileOption())
      .addOption(timeOption())
      .addOption(modelOption())
      .option("--thresholds <min>", "comma-separated minutes, each ≤ 180", thresholds, [...DEFAULT_THRESHOLDS_MIN])
      .option("--cell-size <m>", "grid cell size in metres (grid aligned with EPSG:3067)", number("cell-size"), 250)
      .option("--bbox <minLon,minLat,maxLon,maxLat>", "area to cover (default: the road network's extent)")
      .option("--max-connector <m>", "cells farther than this from a road are unreachable, metres", number("max-connector"), 1000)
      .option("--max-snap <m>", "farthest a service point or centre may lie from a road, metres", number("max-snap"), DEFAULT_MAX_SNAP_M)
      .option("--out <file>", "write to a file instead of stdout"),
  );
}

export function buildProgram(): Command {
  const program = new Command("palveluverkko")
    .description("Road travel times to health and social services in Finnish wellbeing services counties.")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    // --time folds into the profile every command reads: car + rush → car-rush (engine/time-of-day.ts).
    .hook("preAction", (_program, action) => {
      const { profile, time, model, doorToDoor } = action.opts<{ profile?: string; time?: TimeOfDay; model?: string; doorToDoor?: boolean }>();
      // The time of day and turn costs model driving: on foot or by bike there is neither.
      if (profile !== undefined && isActiveProfile(profile)) {
        if (time !== undefined && time !== "free") throw new InvalidInputError(`--time ${time}: the time of day applies to driving only, not to --profile ${profile}`, "time", time);
        if (model === "turns") throw new InvalidInputError(`--model turns: turn costs apply to driving only, not to --profile ${profile}`, "model", model);
        if (doorToDoor) throw new InvalidInputError(`--door-to-door: a car trip's reading (walks to the parked car, the parking search), not one of --profile ${profile}`, "door-to-door", true);
        return;
      }
      if (profile !== undefined && time !== undefined) action.setOptionValue("profile", profileAt(profile, time));
    });

  common(
    program
      .command("import")
      .description("build the road graph of an OSM extract and save it (as a cache entry, or to --out)")
      .addOption(osmOption().makeOptionMandatory())
      .option("--out <file>", "write the built graph to this file (.pvg) instead of the cache"),
  ).action(lazy(commands, "importCommand"));

  common(
    program
      .command("route")
      .description("travel time and distance between two places (municipality names or lon,lat)")
      .argument("<from>", 'origin: a municipality name or code, or "lon,lat" (WGS84)')
      .argument("<to>", "destination, likewise")
      .addOption(osmOption())
      .addOption(profileOption())
      .addOption(timeOption())
      .addOption(modelOption())
      .option("--max-snap <m>", "farthest a place may lie from a road, metres", number("max-snap"), DEFAULT_MAX_SNAP_M)
      .addOption(doorToDoorOption())
      .addOption(new Option("--format <fmt>", "output format").choices(["text", "json"]).default("text")),
  ).action(lazy(commands, "routeCommand"));

  common(
    program
      .command("reach")
      .description("what lies within 15, 30, 60, 90, 120, 150 and 180 minutes of one or more origins")
      .requiredOption("--from <place>", 'origin (repeatable): municipality name or code, or "lon,lat"', collect, [])
      .addOption(osmOption())
      .addOption(profileOption())
      .addOption(timeOption())
      .addOption(modelOption())
      .option("--thresholds <min>", "comma-separated minutes, each ≤ 180", thresholds, [...DEFAULT_THRESHOLDS_MIN])
      .addOption(new Option("--per <unit>", "summary per band, or a row per node or per municipality").choices(["band", "node", "municipality"]).default("band"))
      .addOption(new Option("--direction <dir>", "from the origins outwards, or towards them (people to a service)").choices(["from", "to"]).default("from"))
      .option("--max-snap <m>", "farthest a place may lie from a road, metres", number("max-snap"), DEFAULT_MAX_SNAP_M)
      .addOption(new Option("--format <fmt>", "output format").choices(["csv", "json"]).default("csv"))
      .option("--out <file>", "write to a file instead of stdout"),
  ).action(lazy(commands, "reachCommand"));

  common(
    program
      .command("matrix")
      .description("travel times and distances from every origin to every destination (CSV files with id,lon,lat)")
      .addOption(osmOption())
      .requiredOption("--origins <csv>", "origins: CSV with header id,lon,lat (WGS84)")
      .requiredOption("--destinations <csv>", "destinations: CSV with header id,lon,lat (WGS84)")
      .addOption(profileOption())
      .addOption(timeOption())
      .addOption(modelOption())
      .option("--max-snap <m>", "farthest a place may lie from a road, metres", number("max-snap"), DEFAULT_MAX_SNAP_M)
      .addOption(doorToDoorOption())
      .addOption(new Option("--format <fmt>", "output format").choices(["csv", "json"]).default("csv"))
      .option("--out <file>", "write to a file instead of stdout"),
  ).action(lazy(commands, "matrixCommand"));

  common(
    program
      .command("isochrones")
      .description("isochrone polygons (GeoJSON) at 15, 30, 60, 90, 120, 150 and 180 minutes from (or to) places, or to the nearest service of a level")
      .option("--from <place>", 'place (repeatable): municipality name or code, or "lon,lat"', collect, [])
      .option("--level <L|A|E>", "instead of --from: the open service points offering this level (E ⊇ A ⊇ L); direction defaults to 'to'")
      .option("--services <file>", "with --level: service points CSV or GeoJSON (default: the region's built-in set)")
      .addOption(regionOption())
      .addOption(osmOption())
      .addOption(profileOption())
      .addOption(timeOption())
      .addOption(modelOption())
      .option("--thresholds <min>", "comma-separated minutes, each ≤ 180", thresholds, [...DEFAULT_THRESHOLDS_MIN])
      .addOption(new Option("--direction <dir>", "from the places outwards, or towards them (people to a service); default from, or to with --level").choices(["from", "to"]))
      .option("--cell-size <m>", "grid cell size in metres (grid aligned with EPSG:3067)", number("cell-size"), 250)
      .option("--bbox <minLon,minLat,maxLon,maxLat>", "area to cover (default: the road network's extent)")
      .option("--max-connector <m>", "cells farther than this from a road are unreachable, metres", number("max-connector"), 1000)
      .addOption(new Option("--crs <crs>", "output coordinates").choices(["EPSG:4326", "EPSG:3067"]).default("EPSG:4326"))
      .addOption(new Option("--format <fmt>", "GeoJSON, or an SVG picture with roads and a legend").choices(["geojson", "svg"]).default("geojson"))
      .option("--max-snap <m>", "farthest a place may lie from a road, metres", number("max-snap"), DEFAULT_MAX_SNAP_M)
      .option("--out <file>", "write to a file instead of stdout"),
  ).action(lazy(commands, "isochronesCommand"));

  perUnit(studyInputs(
    program
      .command("levels")
      .description("time from where people live (and from each municipal centre) to the nearest L, A and E service, per municipality or unit")
      .addOption(regionOption())
      .option("--services <file>", "service points, CSV or XLSX (id,name_fi,name_sv,municipality,lon,lat,level,open; x,y in EPSG:3067 also) or GeoJSON (default: the region's built-in set)"),
  ))
    .option("--group <name>", "also the figures of a population group's people (an age band of the grid: 0-14, 15-64, 65+ from Statistics Finland's columns, or --population-groups)")
    .option("--language <code>", "also the figures of this language's speakers (fi, sv, se, …; needs --languages) to services offered in it: a point's languages column, else its municipality's official languages")
    .option("--types <ids>", `also per service type: comma-separated ids, or "all" (${DEFAULT_CATALOGUE.types.map((t) => t.id).join(", ")})`, (v: string) => v.split(",").map((t) => t.trim()))
    .addOption(new Option("--format <fmt>", "CSV or JSON tables, or GeoJSON bands per level with the service points").choices(["csv", "json", "geojson"]).default("csv"))
    .action(lazy(() => import("./levels.ts"), "levelsCommand"));

  studyInputs(
    program
      .command("loads")
      .description("catchments and loads of one service (a level, or --type): each point's people, load against capacity, overflow, 2SFCA; with --scenario, who moves where")
      .addOption(regionOption())
      .option("--services <file>", "service points, as for levels; a capacity column (people each can serve) makes loads and 2SFCA")
      .option("--level <L|A|E>", "the service: a level's open points and those above (default L)")
      .option("--type <id>", `or a service type (${DEFAULT_CATALOGUE.types.map((t) => t.id).join(", ")})`)
      .option("--scenario <file>", "scenario JSON, as for scenario: loads before and after, and the moves")
      .option("--catchment <min>", "2SFCA catchment time, minutes (default 30)", number("catchment"))
      .option("--need <weights>", "need weights per population group of the grid, e.g. 65+=2,0-14=1.5: their people count this many times in the demand"),
  )
    .addOption(new Option("--format <fmt>", "CSV (sections: points, municipalities, moves) or JSON").choices(["csv", "json"]).default("csv"))
    .action(lazy(() => import("./loads.ts"), "loadsCommand"));

  perUnit(studyInputs(
    program
      .command("scenario")
      .description("a scenario (closures, re-levels, moves, new points) against its base: figures before and after, and who crosses a band boundary")
      .requiredOption("--scenario <file>", "scenario JSON: id, name, region (optional), services file (optional), changes [{op: close|open|relevel|move|add|capacity|languages, ...}]")
      .option("--language <code>", "also a language group's figures and band crossings to services given in its language (fi, sv, se, …; needs --languages)")
      .addOption(regionOption()),
  ))
    .addOption(new Option("--format <fmt>", "CSV or JSON tables, or GeoJSON of the cells whose time changed").choices(["csv", "json", "geojson"]).default("csv"))
    .action(lazy(() => import("./scenario.ts"), "scenarioCommand"));

  studyInputs(
    program
      .command("compare")
      .description("regional groupings side by side: per unit and level, people, land, hub times and time to the nearest L, A and E service; how unequal the units are, and who is worst off and why")
      .addOption(regionOption())
      .option("--services <file>", "service points, CSV or XLSX (id,name_fi,name_sv,municipality,lon,lat,level,open; x,y in EPSG:3067 also) or GeoJSON (default: the region's built-in set)")
      .option("--groupings <ids>", "built-in groupings to compare, comma-separated: uusimaa-6,uusimaa-5 or lappi-2 (default: all of the region's when no --grouping-file)")
      .option("--grouping-file <file>", 'a grouping of your own (repeatable): JSON {"id", "name", "region", "units": [{"id", "name", "municipalities": ["091", ...], "hub"?}]}, or a table, .csv or .xlsx, a row per municipality: kunta;alue[;keskus] (municipality by code or name, its unit by name, x for the unit\'s hub)', collect, []),
  )
    .addOption(new Option("--format <fmt>", "CSV (a row per grouping, level and unit, then an 'all' row with the equality measures) or JSON").choices(["csv", "json"]).default("csv"))
    .addHelpText("after", () => compareHelpText)
    .action(lazy(() => import("./compare.ts"), "compareCommand"));

  perUnit(studyInputs(
    program
      .command("report")
      .description("a report to hand to a board: title page with sources and licences, a map of the bands per level, tables and charts per municipality or unit; of the region, of a scenario against its base (--scenario), or of groupings compared (--groupings)")
      .addOption(regionOption())
      .option("--services <file>", "service points, CSV or XLSX (id,name_fi,name_sv,municipality,lon,lat,level,open; x,y in EPSG:3067 also) or GeoJSON (default: the region's built-in set)")
      .option("--scenario <file>", "a scenario JSON, as for `scenario`: the report shows it against its base (the scenario's region and services win)")
      .option("--groupings <ids>", "compare these built-in groupings, comma-separated, as for `compare` (uusimaa-6,uusimaa-5 or lappi-2)")
      .option("--grouping-file <file>", "a grouping of your own to compare, JSON (repeatable), as for `compare`", collect, [])
      .option("--title <text>", "the report's title (default: by kind, in the report's language)")
      .option("--types <ids>", "also a table per service type (comma-separated ids, or all); in a scenario's report before and after, in a comparison's per unit", (v: string) => v.split(",").map((x) => x.trim()))
      .option("--language <code>", "also a language group's figures to services given in it (fi, sv, se, …; needs --languages), in any report"),
  ))
    .addOption(new Option("--format <fmt>", "PDF for reading, XLSX (a sheet per table), CSV (one long table, UTF-8 with BOM), GeoJSON (WGS84) or GeoPackage (EPSG:3067) for GIS").choices(["pdf", "xlsx", "csv", "geojson", "gpkg"]).default("pdf"))
    .addOption(new Option("--lang <lang>", "language of labels, numbers and dates: Finnish, Swedish or English").choices(["fi", "sv", "en"]).default("fi"))
    .action(lazy(() => import("./report.ts"), "reportCommand"));

  studyInputs(
    program
      .command("assign-levels")
      .description("propose E, A and L levels for the service points from reach targets (fewest E, then A), with locks; --budget for suggestions")
      .addOption(regionOption())
      .option("--services <file>", "service points CSV or GeoJSON (default: the region's built-in set); each is a site")
      .option("--candidates <file>", "more candidate sites, CSV or GeoJSON like --services: each may be raised only to levels whose menu it could host (its level's menu and can_host)")
      .option("--targets <L=min,A=min,E=min>", "reach targets in minutes", "L=30,A=60,E=180")
      .option("--lock <id=level>", "fix a site's level, e.g. E-meilahti=E or L-078=L (repeatable)", collect, [])
      .addOption(new Option("--method <m>", "set cover: exact when it finishes in budget (auto), or greedy, or exact").choices(["auto", "greedy", "exact"]).default("auto"))
      .option("--budget <k>", "also suggest the k best additions or upgrades for --level, and rank closures", number("budget"))
      .option("--level <L|A|E>", "level for --budget", "A")
      .option("--threshold <min>", "reach threshold for --budget (default: the level's target)", number("threshold"))
      .option("--max-load <factor>", "where sites carry a capacity: raise another eligible site while a proposed E or A site's catchment exceeds factor × its capacity (default 1)", number("max-load")),
  )
    .addOption(new Option("--format <fmt>", "CSV (sections: sites, municipalities, suggestions) or JSON").choices(["csv", "json"]).default("csv"))
    .action(lazy(() => import("./assign.ts"), "assignCommand"));

  guards(common(
    program
      .command("serve")
      .description("the HTTP API (JSON; OpenAPI document at /api/openapi.json) over one region's roads, people and service set, loaded once")
      .addOption(osmOption())
      .addOption(regionOption())
      .option("--services <file>", "service points, CSV or XLSX (id,name_fi,name_sv,municipality,lon,lat,level,open; x,y in EPSG:3067 also) or GeoJSON (default: the region's built-in set)")
      .option("--population <file>", "population grid, GeoPackage or CSV (HSY / Statistics Finland; default: municipal totals spread over the roads)")
      .option("--population-column <name>", "population column of the grid (default: inhabitants, vaesto, asukkaita, population, ...)")
      .option("--population-groups <spec>", "population groups as sums of grid columns, e.g. \"0-6=he_0_2+he_3_6;75+=he_75_79+he_80_84+he_85_\" (default: Statistics Finland's ika_0_14, ika_15_64, ika_65_ when the grid has them)", populationGroups)
      .option("--totals <file>", "municipal population totals, CSV with code and population (and year) columns")
      .option("--totals-year <year>", "year to take from --totals (default: the latest)", number("totals-year"))
      .option("--languages <file>", "people by language per municipality, CSV: a code column and fi, sv, se, … columns (Statistics Finland 11rm), for figures per language group")
      .option("--municipalities <file>", "municipal boundaries, GeoPackage or GeoJSON (default: Statistics Finland's 2023 boundaries, generalised, built in); nearest: each cell to the nearest administrative centre")
      .option("--cross-border", "with the built-in service set: count the other organisers' points inside the extract too (people use the nearest hospital whichever county runs it)")
      .option("--grouping <id>", "regional units: a grouping of the region (uusimaa-6, uusimaa-5, lappi-2, <region>-whole, …) or none (default: the region's first)")
      .addOption(profileOption())
      .addOption(timeOption())
      .addOption(modesOption())
      .addOption(modelOption())
      .option("--cell-size <m>", "grid cell size in metres (grid aligned with EPSG:3067)", number("cell-size"), 250)
      .option("--max-connector <m>", "cells farther than this from a road are unreachable, metres", number("max-connector"), 1000)
      .option("--max-snap <m>", "farthest a service point or centre may lie from a road, metres", number("max-snap"), DEFAULT_MAX_SNAP_M)
      .option("--port <n>", "TCP port (0: any free one)", number("port"), 8080)
      .option("--host <address>", "address to listen on (0.0.0.0 or :: for every interface)", "127.0.0.1")
      .option("--cors <origins>", "comma-separated origins a browser may call from, or *; default none (no Access-Control headers)")
      .option("--data-dir <dir>", `where stored scenarios are kept (PGlite; default ${DEFAULT_STORE_DIR}); wins over --database-url`)
      .option("--database-url <url>", "keep stored scenarios in PostgreSQL + PostGIS instead (default: $DATABASE_URL)", process.env.DATABASE_URL)
      .option("--no-store", "keep no scenarios (the /api/scenarios routes answer 503)")
      .option("--web <dir>", "the built web app to serve at / (default: web/dist when built)")
      .option("--no-web", "serve the API only")
      .option("--map-origin <origins>", "comma-separated origins the web app may load an external map style (?style=URL) and its tiles from")
      .option("--request-timeout <s>", "longest a request may take, seconds, before a 503 (long work goes through /api/jobs; default 30)", number("request-timeout")),
  )).action(lazy(() => import("./serve.ts"), "serveCommand"));

  guards(common(
    program
      .command("start")
      .description("the main job: load the region's roads (given, cached, downloaded, or a labelled generated demo), print each unit's figures, then serve the API and the web app")
      .option("--osm <file>", "OSM extract or built graph to use instead of the region's")
      .addOption(new Option("--region <region>", `${REGION_HELP} with --osm; else the region whose extract to fetch (uusimaa or lappi; $PALVELUVERKKO_REGION)`))
      .option("--data-dir <dir>", "where downloaded extracts and the stored scenarios (store/) are kept", process.env.PALVELUVERKKO_DATA ?? "var/data")
      .option("--offline", "do not try to download; use what is there or the generated demo network")
      .addOption(profileOption())
      .addOption(timeOption())
      .addOption(modesOption())
      .addOption(modelOption())
      .option("--port <n>", "TCP port of the app (0: any free one)", number("port"), Number(process.env.PORT ?? 8080))
      .option("--host <address>", "address to listen on (0.0.0.0 or :: for every interface)", process.env.HOST ?? "127.0.0.1")
      .option("--no-serve", "print the figures and exit, without starting the app"),
  )).action(lazy(() => import("./start.ts"), "startCommand"));

  return program;
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  if (argv.includes("compare") && (argv.includes("--help") || argv.includes("-h"))) compareHelpText = (await import("./compare.ts")).compareHelp();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander has already printed its message (or the help text).
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof PalveluverkkoError) {
      process.stderr.write(`palveluverkko: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`palveluverkko: internal error: ${(err as Error)?.message ?? String(err)}\n`);
    if (process.env.PALVELUVERKKO_DEBUG) process.stderr.write(`${(err as Error)?.stack}\n`);
    return 1;
  }
}

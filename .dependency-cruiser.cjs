/**
 * The dependency rule (STYLE.md, point 7), checked by `npm run lint:layers` (part of `npm test`):
 *
 *   engine ← data ← study ← server (cli, http)        web ← API (HTTP only)
 *
 * Imports flow one way. engine/ is pure (no I/O, no Node APIs; engine/tsconfig.json checks the
 * types side) and imports only itself and a short list of pure npm packages. data/ reads and
 * writes the outside world on top of the engine; study/ is the application layer on top of data;
 * server/cli and server/http are adapters, and http never imports cli. web/ is the browser app:
 * it reaches the rest over HTTP and imports only web/ files, npm packages and a few of the engine's
 * pure files. benchmarks/ and test/ may import anything. test/architecture.test.ts shows each rule
 * firing on a forbidden import.
 *
 * Each folder has a door, its index.ts (STYLE.md, point 11): what it offers to the rest. Files
 * outside the folder import it only through the door; files inside import each other directly,
 * never their own door (which would be a cycle). The doors: engine/index.ts (the web app is the
 * exception: it takes only WEB_ENGINE_FILES, so that its bundle holds only them), study/index.ts,
 * server/http/index.ts, and one per data/ sub-folder (data/osm/index.ts, data/facts/index.ts, ...);
 * data/'s top-level files (cache.ts, input.ts, ...) have none and are imported directly. The door
 * rules bind data/, study/, server/ and the root index.ts; test/ and benchmarks/ (which test and
 * time the internals) and scripts/ (build tools that write data/'s own files in its private
 * formats, e.g. data/areas/arc-codec.ts) may reach behind them.
 *
 * Paths are relative to the repository root, so every rule anchors its regular expressions with ^.
 */

/** The npm packages the engine may import: pure computation that runs in Node, a worker and a browser. */
const ENGINE_PACKAGES = ["d3-contour", "flatbush", "proj4"];

/** Resolved paths of those packages (the code and, where it comes separately, the type declarations). */
const ENGINE_PACKAGE_PATHS = `^node_modules/(@types/)?(${ENGINE_PACKAGES.join("|")})/`;

/**
 * The only engine files the web app imports: pure presentation helpers that need nothing else at
 * run time (terms.ts's imports are types only), so the bundle does not pull in the whole engine;
 * and the time grid's reader (time-grid.ts, with errors.ts and units.ts) with the projection
 * (projection.ts, proj4), which the app needs to draw bands from GET /api/grid as the server wrote it.
 */
const WEB_ENGINE_FILES = ["terms.ts", "rings.ts", "time-grid.ts", "projection.ts"];

/** Files bound by the door rules: the layers above the engine and the library's entry. */
const BEHIND_DOORS = ["^(data|study|server)/", "^index\\.ts$"];

/** A dependency that is a Node built-in (`fs`, `node:fs`). */
const CORE = ["core"];

/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    // ---- engine: pure, imports only itself ---------------------------------------------------
    {
      name: "engine-imports-only-engine",
      severity: "error",
      comment: "engine/ is the bottom layer: it imports no file outside engine/ (not data/, study/, server/, web/, nor the root index.ts).",
      from: { path: "^engine/" },
      to: { pathNot: ["^engine/", "^node_modules/"], dependencyTypesNot: CORE, couldNotResolve: false },
    },
    {
      name: "engine-no-node-builtins",
      severity: "error",
      comment: "engine/ runs in Node, a worker and a browser: no Node built-in modules (fs, path, worker_threads, ...). I/O lives in data/ and server/.",
      from: { path: "^engine/" },
      to: { dependencyTypes: CORE },
    },
    {
      name: "engine-npm-allowlist",
      severity: "error",
      comment: `engine/ imports only these npm packages: ${ENGINE_PACKAGES.join(", ")}. A new one must be pure (no I/O, no Node or DOM APIs) and be added to ENGINE_PACKAGES deliberately.`,
      from: { path: "^engine/" },
      to: { path: "^node_modules/", pathNot: ENGINE_PACKAGE_PATHS },
    },

    // ---- data: the outside world, on top of the engine --------------------------------------
    {
      name: "data-imports-only-engine-and-data",
      severity: "error",
      comment: "data/ imports only engine/, data/, npm packages and Node built-ins: never study/, server/, web/ (nor test/, benchmarks/, the root index.ts).",
      from: { path: "^data/" },
      to: { pathNot: ["^(engine|data)/", "^node_modules/"], dependencyTypesNot: CORE, couldNotResolve: false },
    },

    // ---- study: the application layer, on top of data ----------------------------------------
    {
      name: "study-imports-only-engine-data-study",
      severity: "error",
      comment: "study/ imports only engine/, data/, study/, npm packages and Node built-ins: never server/ or web/.",
      from: { path: "^study/" },
      to: { pathNot: ["^(engine|data|study)/", "^node_modules/"], dependencyTypesNot: CORE, couldNotResolve: false },
    },

    // ---- server: the adapters ----------------------------------------------------------------
    {
      name: "http-not-to-cli",
      severity: "error",
      comment: "server/http/ never imports server/cli/: what both need belongs in study/ (or data/, engine/).",
      from: { path: "^server/http/" },
      to: { path: "^server/cli/" },
    },
    {
      name: "cli-to-http-only-to-serve",
      severity: "error",
      comment: "server/cli/ imports server/http/ only to start the server (serve.ts, start.ts); everything else they share lives below them.",
      from: { path: "^server/cli/", pathNot: "^server/cli/(serve|start)\\.ts$" },
      to: { path: "^server/http/" },
    },

    // ---- web: the browser app, over HTTP -----------------------------------------------------
    {
      name: "not-to-web",
      severity: "error",
      comment: "Nothing outside web/ imports web/ (tests and benchmarks may): the server serves the built app as files, the app talks to the API over HTTP.",
      from: { pathNot: "^(web|test|benchmarks)/" },
      to: { path: "^web/" },
    },
    {
      name: "web-imports-only-web-npm-engine",
      severity: "error",
      comment: "The web app imports only web/ files, npm packages and the engine's pure files: no data/, study/, server/, no Node built-ins. It reaches the rest over HTTP. (web/vite.config.ts is the build's own Node script.)",
      from: { path: "^web/", pathNot: "^web/vite\\.config\\.ts$" },
      to: { pathNot: ["^(web|engine)/", "^node_modules/"], couldNotResolve: false },
    },

    // ---- doors: each folder's index.ts ----------------------------------------------------------
    {
      name: "engine-through-its-door",
      severity: "error",
      comment:
        "data/, study/, server/ and the root index.ts import the engine through engine/index.ts. A lazy import() may name an engine file: that is how the CLI loads engine/generate.ts only when it needs it.",
      from: { path: BEHIND_DOORS },
      to: { path: "^engine/", pathNot: "^engine/index\\.ts$", dependencyTypesNot: ["dynamic-import"] },
    },
    {
      name: "web-engine-allowlist",
      severity: "error",
      comment: `The web app imports from engine/ only ${WEB_ENGINE_FILES.join(" and ")} (WEB_ENGINE_FILES), not even engine/index.ts, which would pull the whole engine into the bundle.`,
      from: { path: "^web/", pathNot: "^web/vite\\.config\\.ts$" },
      to: { path: "^engine/", pathNot: `^engine/(${WEB_ENGINE_FILES.map((f) => f.replace(/\./g, "\\.")).join("|")})$` },
    },
    {
      name: "data-parts-through-their-doors",
      severity: "error",
      comment:
        "A data/ sub-folder (data/osm, data/facts, data/store, ...) is imported through its index.ts by every file outside it: data/'s other files, study/, server/ and the root index.ts. Files inside it import each other directly.",
      // $1 is the importer's own data/ sub-folder (or, for any other file, a path no sub-folder starts with).
      from: { path: "^(data/[^/]+/|data/[^/]+$|study/|server/|index\\.ts$)" },
      to: { path: "^data/[^/]+/", pathNot: ["^$1", "^data/[^/]+/index\\.ts$"] },
    },
    {
      name: "study-through-its-door",
      severity: "error",
      comment: "server/ (and the root index.ts) import the study layer through study/index.ts.",
      from: { path: ["^server/", "^index\\.ts$"] },
      to: { path: "^study/", pathNot: "^study/index\\.ts$" },
    },
    {
      name: "http-through-its-door",
      severity: "error",
      comment: "server/cli/ imports server/http/ (to start the server) through server/http/index.ts.",
      from: { path: "^server/cli/" },
      to: { path: "^server/http/", pathNot: "^server/http/index\\.ts$" },
    },
    {
      name: "not-to-own-door",
      severity: "error",
      comment:
        "A file never imports its own folder's index.ts: the door re-exports the folder's files, so importing it from inside is a cycle (and loads the whole folder). Files inside a folder import each other directly.",
      from: { path: "^(.+)/[^/]+$", pathNot: "^(test|benchmarks)/" },
      to: { path: "^$1/index\\.ts$" },
    },

    // ---- all of them -------------------------------------------------------------------------
    {
      name: "production-not-to-tests-or-benchmarks",
      severity: "error",
      comment: "test/ and benchmarks/ may import anything; nothing else imports them.",
      from: { pathNot: "^(test|benchmarks)/" },
      to: { path: "^(test|benchmarks)/" },
    },
    {
      name: "no-circular-between-folders",
      severity: "error",
      comment:
        "No import cycle runs through two folders: layers (engine, data, study, server/cli, server/http, web, ...) depend one way, and so do data/'s sub-folders (data/osm, data/facts, ...) and its top-level files. A cycle inside one folder is that folder's business.",
      from: { path: "^((?:data|server)/[^/]+|[^/]+)/" },
      to: { circular: true, via: { pathNot: "^$1/" } },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "Every import resolves to a file, a package or a built-in (else the layer rules above cannot judge it).",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Only our files are checked; packages are where a path ends, not followed into.
    doNotFollow: { path: "^node_modules/" },
    // Build output, coverage and local data are not source.
    exclude: { path: "^(web/dist|dist|dist\\.next|coverage|var|\\.cache)/" },
    // Type-only imports count too: a type from server/ in data/ is still a dependency on server/.
    tsPreCompilationDeps: true,
    // Resolves `./x.ts` imports and the other NodeNext rules the code is written against.
    tsConfig: { fileName: "tsconfig.json" },
    // Packages resolve through their `exports` as Node (ESM) and TypeScript resolve them.
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["types", "import", "node", "default"],
    },
  },
};

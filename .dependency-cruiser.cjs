/**
 * The dependency rule (STYLE.md, point 7), checked by `npm run lint:layers` (part of `npm test`):
 *
 *   engine ← data ← study ← server (cli, http)        web ← API (HTTP only)
 *
 * Imports flow one way. engine/ is pure (no I/O, no Node APIs; engine/tsconfig.json checks the
 * types side) and imports only itself and a short list of pure npm packages. data/ reads and
 * writes the outside world on top of the engine; study/ is the application layer on top of data;
 * server/cli and server/http are adapters, and http never imports cli. web/ is the browser app:
 * it reaches the rest over HTTP and imports only web/ files, npm packages and the engine's pure
 * files. benchmarks/ and test/ may import anything. test/architecture.test.ts shows each rule
 * firing on a forbidden import.
 *
 * Paths are relative to the repository root, so every rule anchors its regular expressions with ^.
 */

/** The npm packages the engine may import: pure computation that runs in Node, a worker and a browser. */
const ENGINE_PACKAGES = ["d3-contour", "flatbush", "proj4"];

/** Resolved paths of those packages (the code and, where it comes separately, the type declarations). */
const ENGINE_PACKAGE_PATHS = `^node_modules/(@types/)?(${ENGINE_PACKAGES.join("|")})/`;

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

    // ---- all of them -------------------------------------------------------------------------
    {
      name: "production-not-to-tests-or-benchmarks",
      severity: "error",
      comment: "test/ and benchmarks/ may import anything; nothing else imports them.",
      from: { pathNot: "^(test|benchmarks)/" },
      to: { path: "^(test|benchmarks)/" },
    },
    {
      name: "no-circular-between-layers",
      severity: "error",
      comment: "No import cycle runs through two layers (engine, data, study, server/cli, server/http, web, ...): layers depend one way.",
      from: { path: "^(server/[^/]+|[^/]+)/" },
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
    exclude: { path: "^(web/dist|coverage|var|\\.cache)/" },
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

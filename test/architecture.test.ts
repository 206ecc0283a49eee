// The dependency rule (STYLE.md, point 7): engine ← data ← study ← server (cli, http); web ← API.
// Two checks enforce it: engine/tsconfig.json compiles the engine without Node's or the DOM's
// types, and .dependency-cruiser.cjs (`npm run lint:layers`) forbids imports against the flow.
// Here each is shown firing on a forbidden import, and the real tree is shown passing.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cruise, type ICruiseOptions, type ICruiseResult } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Cruises `dir` (a repository-shaped tree) with the project's rules; returns "rule: from → to" per violation, sorted. */
async function violations(dir: string, extra: Partial<ICruiseOptions> = {}): Promise<string[]> {
  const options = await extractDepcruiseOptions(join(ROOT, ".dependency-cruiser.cjs"));
  const tsConfig = join(dir, "tsconfig.json");
  const result = await cruise(
    ["."],
    { ...options, ...extra, baseDir: dir, tsConfig: { fileName: tsConfig } },
    {},
    { tsConfig: extractTSConfig(tsConfig) },
  );
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

/** The rule names in .dependency-cruiser.cjs. */
async function ruleNames(): Promise<string[]> {
  const options = await extractDepcruiseOptions(join(ROOT, ".dependency-cruiser.cjs"));
  return (options.ruleSet?.forbidden ?? []).map((r) => r.name ?? "(unnamed)").sort();
}

// A small tree shaped like the repository: each file's imports, one forbidden import per `bad-`
// file (named for what it does wrong) and allowed imports everywhere else, so a rule that fires too
// often shows up as well as one that never fires. `lazy:` marks an `await import()`.
const TREE: Record<string, string[]> = {
  "engine/index.ts": ["./core.ts", "./util.ts"], // the engine's door
  "engine/core.ts": ["./util.ts", "flatbush", "d3-contour", "proj4"],
  "engine/util.ts": [],
  "engine/terms.ts": [],
  "engine/rings.ts": [],
  "engine/generate.ts": ["./core.ts"], // left out of the door, loaded lazily
  "engine/bad-layer.ts": ["../data/store.ts"],
  "engine/bad-builtin.ts": ["node:fs"],
  "engine/bad-package.ts": ["express"],
  "engine/bad-missing.ts": ["./missing.ts"],
  "engine/bad-own-door.ts": ["./index.ts"],
  "data/store.ts": ["../engine/index.ts", "node:fs", "pg-promise"], // data/'s top-level files have no door
  "data/cache.ts": ["./facts/index.ts", "./store.ts"],
  "data/facts/index.ts": ["./lookup.ts"], // a data/ sub-folder's door
  "data/facts/lookup.ts": ["./names.ts", "../store.ts", "../../engine/index.ts"],
  "data/facts/names.ts": ["./lookup.ts"], // a cycle inside one folder: allowed
  "data/facts/bad-own-door.ts": ["./index.ts"],
  "data/services/index.ts": ["./defaults.ts"],
  "data/services/defaults.ts": ["../facts/index.ts"], // another sub-folder, through its door
  "data/services/bad-behind-door.ts": ["../facts/lookup.ts"],
  "data/bad-behind-door.ts": ["./facts/names.ts"],
  "data/bad-engine-file.ts": ["../engine/util.ts"],
  "data/bad-study.ts": ["../study/open.ts"],
  "data/bad-server.ts": ["../server/http/app.ts"],
  "data/cycle.ts": ["../study/cycle.ts"], // up a layer, and back down from study/cycle.ts: a cycle between layers
  "study/cycle.ts": ["../data/cycle.ts"],
  "data/parts/index.ts": ["./bad-cycle.ts"], // a door whose file imports a top-level file that imports the door: a cycle between folders
  "data/parts/bad-cycle.ts": ["../bad-cycle.ts"],
  "data/bad-cycle.ts": ["./parts/index.ts"],
  "study/index.ts": ["./open.ts"], // the study layer's door
  "study/open.ts": ["../data/store.ts", "../data/facts/index.ts", "../engine/index.ts", "node:path"],
  "study/bad-engine-file.ts": ["../engine/core.ts"],
  "study/bad-behind-door.ts": ["../data/facts/lookup.ts"],
  "study/bad-server.ts": ["../server/cli/main.ts"],
  "server/http/index.ts": ["./app.ts"], // server/http's door
  "server/http/app.ts": ["../../study/index.ts", "../../data/store.ts", "../../data/facts/index.ts", "../../engine/index.ts", "express"],
  "server/http/bad-cli.ts": ["../cli/main.ts"],
  "server/http/bad-web.ts": ["../../web/src/state.ts"],
  "server/http/bad-study-file.ts": ["../../study/open.ts"],
  "server/cli/main.ts": ["../../study/index.ts", "../../engine/index.ts", "commander"],
  "server/cli/serve.ts": ["../http/index.ts"], // the CLI starts the server, through its door: allowed
  // start.ts may import server/http (cli-to-http-only-to-serve), but it does so behind the door; its lazy import of the generator is allowed.
  "server/cli/start.ts": ["../http/app.ts", "lazy:../../engine/generate.ts"],
  "server/cli/bad-http.ts": ["../http/index.ts"],
  "server/cli/bad-test.ts": ["../../test/fixtures/graph.ts"],
  "index.ts": ["./engine/index.ts", "./data/facts/index.ts", "./data/store.ts"], // the library's entry
  "web/src/state.ts": ["./api.ts", "../../engine/terms.ts", "../../engine/rings.ts", "maplibre-gl"],
  "web/src/api.ts": [],
  "web/src/bad-data.ts": ["../../data/store.ts"],
  "web/src/bad-builtin.ts": ["node:fs"],
  "web/src/bad-engine-file.ts": ["../../engine/util.ts"],
  "web/src/bad-engine-door.ts": ["../../engine/index.ts"], // the whole engine in the bundle
  "web/vite.config.ts": ["node:url", "vite"], // the build's own Node script
  "scripts/build.ts": ["../data/facts/lookup.ts", "../engine/util.ts"], // build tools may reach behind doors
  "test/fixtures/graph.ts": ["../../engine/core.ts"],
  "test/app.test.ts": ["../web/src/state.ts", "../server/cli/main.ts", "../data/store.ts", "../data/facts/lookup.ts", "../study/open.ts"],
  "benchmarks/run.ts": ["../web/src/api.ts", "../server/http/app.ts", "../engine/generate.ts"],
};

/** What cruising TREE must report: exactly these, and so every rule at least once. */
const EXPECTED = [
  "engine-imports-only-engine: engine/bad-layer.ts → data/store.ts",
  "engine-no-node-builtins: engine/bad-builtin.ts → fs",
  "engine-npm-allowlist: engine/bad-package.ts → node_modules/express/index.js",
  "not-to-unresolvable: engine/bad-missing.ts → ./missing.ts",
  "not-to-own-door: engine/bad-own-door.ts → engine/index.ts",
  "not-to-own-door: data/facts/bad-own-door.ts → data/facts/index.ts",
  "data-parts-through-their-doors: data/services/bad-behind-door.ts → data/facts/lookup.ts",
  "data-parts-through-their-doors: data/bad-behind-door.ts → data/facts/names.ts",
  "engine-through-its-door: data/bad-engine-file.ts → engine/util.ts",
  "data-imports-only-engine-and-data: data/bad-study.ts → study/open.ts",
  "data-imports-only-engine-and-data: data/bad-server.ts → server/http/app.ts",
  "data-imports-only-engine-and-data: data/cycle.ts → study/cycle.ts",
  "no-circular-between-folders: data/cycle.ts → study/cycle.ts", // one report per cycle
  "no-circular-between-folders: data/parts/bad-cycle.ts → data/bad-cycle.ts",
  "engine-through-its-door: study/bad-engine-file.ts → engine/core.ts",
  "data-parts-through-their-doors: study/bad-behind-door.ts → data/facts/lookup.ts",
  "study-imports-only-engine-data-study: study/bad-server.ts → server/cli/main.ts",
  "http-not-to-cli: server/http/bad-cli.ts → server/cli/main.ts",
  "not-to-web: server/http/bad-web.ts → web/src/state.ts",
  "study-through-its-door: server/http/bad-study-file.ts → study/open.ts",
  "http-through-its-door: server/cli/start.ts → server/http/app.ts",
  "cli-to-http-only-to-serve: server/cli/bad-http.ts → server/http/index.ts",
  "production-not-to-tests-or-benchmarks: server/cli/bad-test.ts → test/fixtures/graph.ts",
  "web-imports-only-web-npm-engine: web/src/bad-data.ts → data/store.ts",
  "web-imports-only-web-npm-engine: web/src/bad-builtin.ts → fs",
  "web-engine-allowlist: web/src/bad-engine-file.ts → engine/util.ts",
  "web-engine-allowlist: web/src/bad-engine-door.ts → engine/index.ts",
].sort();

describe("dependency rules (.dependency-cruiser.cjs)", () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "palveluverkko-layers-"));
    for (const [file, imports] of Object.entries(TREE)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      const lines = imports.map((spec) =>
        spec.startsWith("lazy:") ? `export const load = () => import(${JSON.stringify(spec.slice(5))});` : `import ${JSON.stringify(spec)};`,
      );
      writeFileSync(join(dir, file), [...lines, "export {};", ""].join("\n"));
    }
    // The project's packages, so that `flatbush` or `express` resolve as they do in the real tree
    // (kept as the link, not its target, so their paths start with node_modules/).
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ extends: join(ROOT, "tsconfig.json"), include: ["**/*.ts"] }));
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("fire on each forbidden import in a small tree, and on nothing else", async () => {
    expect(await violations(dir, { preserveSymlinks: true })).toEqual(EXPECTED);
  });

  it("are each shown firing above", async () => {
    const fired = [...new Set(EXPECTED.map((v) => v.slice(0, v.indexOf(":"))))].sort();
    expect(fired).toEqual(await ruleNames());
  });

  it("pass on the real tree", async () => {
    expect(await violations(ROOT)).toEqual([]);
  });
});

describe("engine/tsconfig.json", () => {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, "engine/tsconfig.json"), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  })!;
  // A file that exists only in memory, inside engine/ so that it compiles exactly as an engine file would.
  const probe = join(ROOT, "engine", "layer-probe.ts");
  let previous: ts.Program | undefined;

  /** Compiles the engine plus `source` as one more engine file; returns the error codes per file. */
  function compileWith(source: string): Record<string, number[]> {
    const host = ts.createCompilerHost(config.options);
    const { getSourceFile, fileExists, readFile } = host;
    host.getSourceFile = (name, language, ...rest) =>
      name === probe ? ts.createSourceFile(name, source, language) : getSourceFile.call(host, name, language, ...rest);
    host.fileExists = (name) => name === probe || fileExists.call(host, name);
    host.readFile = (name) => (name === probe ? source : readFile.call(host, name));
    const program = ts.createProgram({ rootNames: [...config.fileNames, probe], options: config.options, host, oldProgram: previous });
    previous = program;
    const errors: Record<string, number[]> = {};
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const file = d.file ? d.file.fileName.slice(ROOT.length) : "(global)";
      (errors[file] ??= []).push(d.code);
    }
    return errors;
  }

  it("holds only the engine, with no Node or DOM types", () => {
    expect(config.errors).toEqual([]);
    expect(config.options.types).toEqual([]);
    expect(config.options.lib).toEqual(["lib.es2022.d.ts"]);
    expect(config.fileNames.length).toBeGreaterThan(30);
    for (const f of config.fileNames) expect(f.startsWith(join(ROOT, "engine") + "/")).toBe(true);
  });

  it("compiles the engine as it is", () => {
    expect(compileWith("export const ok = 1;\n")).toEqual({});
  }, 60_000);

  it("rejects an fs import in an engine file", () => {
    const errors = compileWith('import { readFileSync } from "node:fs";\nexport const read = readFileSync;\n');
    expect(errors).toEqual({ "engine/layer-probe.ts": [2307] }); // TS2307: cannot find module "node:fs"
  }, 60_000);

  it("rejects Node's and the DOM's globals in an engine file", () => {
    const errors = compileWith("export const home = process.env.HOME;\nexport const title = document.title;\n");
    // TS2591: `process` needs @types/node; TS2584: `document` needs the DOM library.
    expect(errors).toEqual({ "engine/layer-probe.ts": [2591, 2584] });
  }, 60_000);
});

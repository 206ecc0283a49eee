// The README's command-line examples run as written and print what the README says they print.
// Every `npx palveluverkko …` line in a sh block whose files are at hand (the shared data, docs/examples)
// is run; each `#   ` line after it is output the run must hold (a fragment between "…" or "..." at a
// time; a line opening with "(" or "..." is prose). `--out FILE` writes to a scratch directory.
// `serve` is left to the HTTP tests, and a command naming a file that is not here (uusimaa-latest.osm.pbf,
// FILE.osm.pbf) is skipped, named in the log; at least the ten below must run.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cli } from "./fixtures/cli.ts";
import { scratchDir } from "./fixtures/osm.ts";
import { definitions, MAX_CUTOFF_MIN } from "../study/index.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

interface Example {
  line: number;
  args: string[];
  expected: string[];
  exitCode: number;
}

/** The examples of the README's sh blocks: a command (with its `\` continuations) and the output comments after it. */
function examples(readme: string): Example[] {
  const out: Example[] = [];
  const lines = readme.split("\n");
  let inSh = false;
  let current: Example | null = null;
  let prose = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.startsWith("```")) {
      inSh = !inSh && l.trim() === "```sh";
      current = null;
      continue;
    }
    if (!inSh) continue;
    if (l.startsWith("npx palveluverkko ")) {
      const first = i + 1;
      let cmd = l;
      while (cmd.endsWith("\\")) cmd = cmd.slice(0, -1) + " " + lines[++i].trim();
      current = { line: first, args: cmd.split(/\s+/).slice(2).filter(Boolean), expected: [], exitCode: 0 };
      out.push(current);
      prose = false;
    } else if (current && l.startsWith("#   ")) {
      const text = l.slice(4).trim();
      if (/exit code (\d)/.test(text)) current.exitCode = Number(/exit code (\d)/.exec(text)![1]);
      // A parenthesis opening a line is prose until the line that closes it.
      if (text.startsWith("(")) prose = true;
      if (!prose && !text.startsWith("...") && !text.startsWith("…")) current.expected.push(text.replace(/\s{2,}\(.*$/, ""));
      if (prose && /\)\s*$/.test(text)) prose = false;
    } else if (!l.startsWith("#")) {
      current = null;
    }
  }
  return out;
}

const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const all = examples(readme);
const runnable = all.filter((e) => {
  if (e.args[0] === "serve" || e.args.some((a) => a.startsWith("["))) return false;
  const files = e.args.filter((a, i) => /\.(pbf|osm|csv|json|gpkg|pvg)$/.test(a) && e.args[i - 1] !== "--out");
  return files.every((f) => existsSync(join(ROOT, f)));
});

describe("README command-line examples", () => {
  it("finds the examples and runs at least ten of them", () => {
    const skipped = all.filter((e) => !runnable.includes(e)).map((e) => `line ${e.line}: ${e.args.slice(0, 3).join(" ")}`);
    console.log(`README: ${runnable.length} examples run, ${skipped.length} skipped (files not here, or serve): ${skipped.join("; ")}`);
    expect(runnable.length).toBeGreaterThanOrEqual(10);
    expect(runnable.filter((e) => e.expected.length > 0).length).toBeGreaterThanOrEqual(8);
  });

  it.each(runnable.map((e) => [`line ${e.line}: palveluverkko ${e.args.slice(0, 2).join(" ")}`, e] as const))("%s", async (_name, e) => {
    const dir = scratchDir();
    const args = e.args.map((a, i) => (e.args[i - 1] === "--out" ? join(dir, a) : a));
    const r = await cli(...args);
    const shown = (r.stdout + "\n" + r.stderr).replace(/\s+/g, " ");
    expect(r.code, r.stderr).toBe(e.exitCode);
    for (const want of e.expected) {
      for (const fragment of want.split(/…|\.\.\./).map((f) => f.trim().replace(/\s+/g, " ")).filter(Boolean)) {
        expect(shown, `README line ${e.line} promises: ${fragment}`).toContain(fragment);
      }
    }
    const outIndex = e.args.indexOf("--out");
    if (outIndex >= 0) expect(existsSync(args[outIndex + 1])).toBe(true);
  });
});

describe("README definitions of the comparison's measures", () => {
  it("states each one as the study words it (the text compare --help, the API and the app give)", () => {
    const flat = readme.replace(/\s+/g, " ");
    for (const text of Object.values(definitions("en", MAX_CUTOFF_MIN))) expect(flat).toContain(text);
  });
});

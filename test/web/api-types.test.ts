// web/src/api-types.ts is generated (`npm run api:types`) from the OpenAPI document the server
// writes from its route table and zod schemas. Regenerated here in memory, it must equal the
// committed file: a schema changed without regenerating fails here, and a regenerated file that
// no longer fits the app fails `npm run typecheck`, so the web app's types cannot drift.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { API_TYPES_FILE, apiTypes } from "../../scripts/api-types.ts";

describe("web/src/api-types.ts", () => {
  it("is what `npm run api:types` writes from the server's OpenAPI document now", async () => {
    const committed = readFileSync(API_TYPES_FILE, "utf8").split("\n");
    const fresh = (await apiTypes()).split("\n");
    const line = fresh.findIndex((text, i) => text !== committed[i]);
    const at = line === -1 ? committed.length : line;
    const stale = line !== -1 || committed.length !== fresh.length;
    expect(
      stale,
      `web/src/api-types.ts is stale: run \`npm run api:types\` and commit it. First difference at line ${at + 1}:\n` +
        `  committed: ${committed[at] ?? "(end of file)"}\n  generated: ${fresh[at] ?? "(end of file)"}`,
    ).toBe(false);
  });
});

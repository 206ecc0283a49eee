// One scratch directory for the whole test run, removed afterwards; fixtures write their files there.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "palveluverkko-test-"));
  process.env.PALVELUVERKKO_TEST_SCRATCH = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}

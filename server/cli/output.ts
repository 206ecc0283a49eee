/** CLI output helpers: progress bars on stderr, CSV writing, files written atomically. */
import { csvText } from "../../data/csv.ts";
import cliProgress from "cli-progress";
import { writeFileAtomic } from "../../data/files.ts";
import type { Note } from "../../study/index.ts";

/** A progress reporter for named phases. A bar on a terminal, one line per phase otherwise; silent with quiet. */
export function progress(quiet: boolean): { update: (phase: string, done: number, total: number) => void; stop: () => void } {
  if (quiet) return { update: () => {}, stop: () => {} };
  const tty = process.stderr.isTTY === true;
  let bar: cliProgress.SingleBar | null = null;
  let current = "";
  const stop = () => {
    bar?.stop();
    bar = null;
  };
  return {
    update(phase, done, total) {
      if (phase !== current) {
        stop();
        current = phase;
        if (tty) {
          bar = new cliProgress.SingleBar(
            { format: `${phase.padEnd(6)} [{bar}] {percentage}% | {value}/{total}`, stream: process.stderr, hideCursor: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(Math.max(total, 1), 0);
        } else {
          process.stderr.write(`${phase}...\n`);
        }
      }
      bar?.setTotal(Math.max(total, 1));
      bar?.update(done);
    },
    stop,
  };
}

/** A CSV field: numbers as they are, text quoted when needed and never a formula (data/csv.ts). */
function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return "";
  return typeof v === "number" ? String(v) : csvText(v);
}

export function csvLine(fields: (string | number | null | undefined)[]): string {
  return fields.map(csvField).join(",") + "\n";
}

/** Where warnings go: stderr, "palveluverkko: warning: …", unless quiet. */
export function warner(quiet?: boolean): (message: string) => void {
  return (message) => {
    if (quiet !== true) process.stderr.write(`palveluverkko: warning: ${message}\n`);
  };
}

/** Writes text to a file atomically, or to stdout when no file is given. */
export async function emit(text: string, out?: string): Promise<void> {
  if (out) await writeFileAtomic(out, text);
  else process.stdout.write(text);
}

/** Prints notes on stderr (their English text, marked by severity) unless quiet. */
export function printNotes(notes: readonly Note[], quiet?: boolean): void {
  if (quiet) return;
  for (const n of notes) process.stderr.write(`note: ${n.text.en} [${n.code}]\n`);
}

/**
 * One-to-all on one graph, ours against the native peers, side by side in rounds: ours on the core
 * (CoreSearch: the search, and with every node filled in), the TypeScript search beside it, the
 * same algorithm in C++ (benchmarks/native/core.cpp) and the textbook C++ CSR Dijkstra
 * (benchmarks/native/dijkstra.cpp). Each round times every side once, in turn; a time is the median
 * over rounds and a ratio the median of the rounds' own ratios, so both sides of a ratio saw the
 * same load. (Timed once each, minutes apart, the native peer's figure on a shared machine moved
 * by 25-30 % between runs while ours stayed, and made a 1.46x out of a 1.05x: RESULTS.md.)
 */
import type { RoadGraph } from "../engine/graph.ts";
import type { CoreSearch } from "../engine/core.ts";
import { MAX_CUTOFF_DS, UNREACHED } from "../engine/units.ts";
import { cycle, median, medianRatio, sideBySide } from "./harness.ts";
import { runNative, runNativeCore } from "./native.ts";

/** A one-to-all search of the full graph (TravelTimeSearch, or CoreSearch in TypeScript): its times per node. */
interface FullSearch {
  run(sources: ArrayLike<number>, offsetsDs: undefined, options: { cutoffDs: number }): unknown;
}

export interface OneToAllOptions {
  /** Rounds: every side timed once in each. */
  rounds: number;
  /** Timed passes over the sources per native run (after one warm-up pass). */
  nativePasses: number;
  /** Why the native peers are missing (no compiler), or null: then they run. */
  nativeProblem: string | null;
  /** Also time this search (the TypeScript one) as "reference". */
  reference?: FullSearch;
  /** Run the textbook C++ CSR Dijkstra too (over the full graph's forward car adjacency). */
  csr?: boolean;
}

/** Medians over the rounds (ms) and medians of the rounds' ratios; NaN for a side not run. */
export interface OneToAllFigures {
  rounds: number;
  oursCore: number;
  oursCoreExpand: number;
  reference: number;
  nativeCore: number;
  nativeFill: number;
  nativeCsr: number;
  coreVsNativeCore: number;
  expandVsNativeFill: number;
  coreVsCsr: number;
  expandVsCsr: number;
  referenceVsNativeCore: number;
  referenceVsCsr: number;
  nativeCoreMb: number;
  nativeCsrMb: number;
}

/** Throws unless `times` at `nodes` give the native program's reached count and sum of times from source i. */
function agree(what: string, s: number, got: { reached: number[]; checksum: number[] }, i: number, times: ArrayLike<number>, nodes: Iterable<number>): void {
  let count = 0;
  let sum = 0;
  for (const v of nodes) if (times[v] !== UNREACHED) (count++, (sum += times[v]));
  if (count !== got.reached[i] || sum !== got.checksum[i]) throw new Error(`native ${what} disagrees from source ${s}: ${got.reached[i]}/${got.checksum[i]} vs ${count}/${sum}`);
}

/**
 * Ours on the core (the search alone and with expand) and the native peers on the same graph and
 * sources, in `rounds` rounds; each native answer is checked equal to ours (per source: reached
 * count and sum of times) in the first round, before any of its times count.
 */
export function oneToAllSideBySide(g: RoadGraph, sources: readonly number[], core: CoreSearch, expanded: Uint32Array, options: OneToAllOptions): OneToAllFigures {
  const run = { cutoffDs: MAX_CUTOFF_DS };
  let nativeCoreMb = NaN;
  let nativeCsrMb = NaN;
  const sides: (() => Record<string, number>)[] = [
    () => ({ oursCore: cycle(sources, (s) => core.run([s], undefined, run)) }),
    // Every node of the full graph, as the full-graph peers give: the core search, then expand.
    () => ({ oursCoreExpand: cycle(sources, (s) => (core.run([s], undefined, run), core.expand(expanded))) }),
  ];
  const reference = options.reference;
  if (reference) sides.push(() => ({ reference: cycle(sources, (s) => reference.run([s], undefined, run)) }));
  if (options.nativeProblem === null) {
    // Each native answer is checked after its first run (outside every timed part).
    let coreChecked = false;
    sides.push(() => {
      const nat = runNativeCore(core.view, sources, MAX_CUTOFF_DS, options.nativePasses);
      if (!coreChecked) {
        sources.forEach((s, i) => {
          core.run([s], undefined, run);
          const coreTimes = Uint32Array.from(core.view.coreNode, (x) => core.timeAt(x));
          agree("core search", s, nat.core, i, coreTimes, coreTimes.keys());
          core.expand(expanded);
          agree("core search + fill", s, nat.fill, i, expanded, expanded.keys());
        });
        coreChecked = true;
      }
      nativeCoreMb = nat.maxRssKb / 1024;
      return { nativeCore: nat.core.medianMs, nativeFill: nat.fill.medianMs };
    });
    let csrChecked = false;
    if (options.csr) {
      sides.push(() => {
        const nat = runNative(g.forward("car"), sources, MAX_CUTOFF_DS, options.nativePasses);
        if (!csrChecked) {
          sources.forEach((s, i) => {
            core.run([s], undefined, run);
            core.expand(expanded);
            agree("CSR Dijkstra", s, nat, i, expanded, expanded.keys());
          });
          csrChecked = true;
        }
        nativeCsrMb = nat.maxRssKb / 1024;
        return { nativeCsr: nat.medianMs };
      });
    }
  }
  // With no native peer there is nothing to take turns with: one round.
  const rounds = options.nativeProblem === null ? options.rounds : 1;
  const per = sideBySide(rounds, sides);
  const t = (name: string) => median(per[name] ?? []);
  const ratio = (a: string, b: string) => medianRatio(per[a] ?? [], per[b] ?? []);
  return {
    rounds,
    oursCore: t("oursCore"),
    oursCoreExpand: t("oursCoreExpand"),
    reference: t("reference"),
    nativeCore: t("nativeCore"),
    nativeFill: t("nativeFill"),
    nativeCsr: t("nativeCsr"),
    coreVsNativeCore: ratio("oursCore", "nativeCore"),
    expandVsNativeFill: ratio("oursCoreExpand", "nativeFill"),
    coreVsCsr: ratio("oursCore", "nativeCsr"),
    expandVsCsr: ratio("oursCoreExpand", "nativeCsr"),
    referenceVsNativeCore: ratio("reference", "nativeCore"),
    referenceVsCsr: ratio("reference", "nativeCsr"),
    nativeCoreMb,
    nativeCsrMb,
  };
}

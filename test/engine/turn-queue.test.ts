// The edge-based search's bucket queue (engine/turn-queue.ts) against a plain reference: random
// pushes, decrease-keys and pops as a search makes them (keys from the last popped up to it plus
// the span), seeds spread wider than the ring (it widens), and clearing mid-way.
import { describe, expect, it } from "vitest";
import { TurnQueue } from "../../engine/turn-queue.ts";
import { rng } from "../fixtures/random-graph.ts";

/** The reference: each queued id's key in a map, the minimum found by looking at all. */
class Reference {
  readonly keys = new Map<number, number>();
  push(id: number, k: number): void {
    const old = this.keys.get(id);
    if (old === undefined || k < old) this.keys.set(id, k);
  }
  minKey(): number {
    return Math.min(...this.keys.values());
  }
}

describe("TurnQueue pops in key order as a reference does", () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: a search's pattern of pushes, then seeds spread past the ring`, () => {
      const r = rng(seed);
      const capacity = 500;
      const span = 37;
      const q = new TurnQueue(capacity, span);
      for (let run = 0; run < 4; run++) {
        const ref = new Reference();
        // Seeds: spread over 10× the span in later runs, so the ring must widen.
        const spread = run < 2 ? span : 10 * span;
        for (let i = 0; i < 20; i++) {
          const id = Math.floor(r() * capacity);
          const k = 1000 * run + Math.floor(r() * spread);
          q.push(id, k);
          ref.push(id, k);
        }
        let popped = 0;
        const stopAt = run === 3 ? 100 : Infinity;
        while (q.length > 0 && popped < stopAt) {
          expect(q.length).toBe(ref.keys.size);
          const want = ref.minKey();
          const id = q.pop();
          popped++;
          expect(ref.keys.get(id), `run ${run}, pop ${popped}`).toBe(want);
          ref.keys.delete(id);
          // Relaxations: new ids and decrease-keys, within the span of the popped key.
          for (let j = 0; j < 3; j++) {
            const other = Math.floor(r() * capacity);
            if (popped > 400) break;
            const k = want + Math.floor(r() * (span + 1));
            q.push(other, k);
            ref.push(other, k);
          }
        }
        if (run === 3) {
          expect(q.length).toBeGreaterThan(0);
          q.clear();
        }
        expect(q.length).toBe(0);
      }
    });
  }
});

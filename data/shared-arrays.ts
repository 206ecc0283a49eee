/**
 * Plain objects of typed arrays (a core view, a cell index, cell links) in shared memory: copied
 * once into SharedArrayBuffers, then every worker reads the same bytes in place. Numbers and
 * nested objects pass as they are.
 */

import { serializeGraph, type GraphMeta, type RoadGraph } from "../engine/index.ts";

type Typed = Uint8Array | Int32Array | Uint32Array | Float32Array | Float64Array;

const KINDS = { Uint8Array, Int32Array, Uint32Array, Float32Array, Float64Array } as const;
type Kind = keyof typeof KINDS;

/** A typed array as it crosses to a worker: its kind and its shared bytes. */
interface SharedTyped {
  readonly shared: Kind;
  readonly buffer: SharedArrayBuffer;
}

function kindOf(x: unknown): Kind | undefined {
  for (const kind of Object.keys(KINDS) as Kind[]) if (x instanceof KINDS[kind]) return kind;
  return undefined;
}

/** A copy of a view's bytes in shared memory. */
/** A graph serialised straight into shared memory (not a private copy first: a region's graph is not held twice while workers start). */
export function sharedGraph(graph: RoadGraph, meta: GraphMeta): SharedArrayBuffer {
  return serializeGraph(graph, meta, (bytes) => new Uint8Array(new SharedArrayBuffer(bytes))).buffer as SharedArrayBuffer;
}

function sharedCopy(view: ArrayBufferView): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(view.byteLength);
  new Uint8Array(buffer).set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  return buffer;
}

/** The object with each typed array in it copied into shared memory (plain data stays as it is). */
export function toShared(value: unknown): unknown {
  const kind = kindOf(value);
  if (kind) return { shared: kind, buffer: sharedCopy(value as Typed) } satisfies SharedTyped;
  if (ArrayBuffer.isView(value)) throw new TypeError(`toShared: ${value.constructor.name} is not a kind it shares`);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toShared(v)]));
  return value;
}

/** What toShared made, with its typed arrays as views over the shared bytes (no copy). */
export function fromShared<T>(value: unknown): T {
  if (value !== null && typeof value === "object") {
    const s = value as Partial<SharedTyped>;
    if (typeof s.shared === "string" && s.buffer instanceof SharedArrayBuffer) {
      const View = KINDS[s.shared as Kind] as new (buffer: SharedArrayBuffer) => Typed;
      return new View(s.buffer) as T;
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromShared(v)])) as T;
  }
  return value as T;
}

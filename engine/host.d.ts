/**
 * The host globals the engine uses beyond ES2022, declared by hand so that engine/tsconfig.json
 * needs neither @types/node nor the DOM library. Each one exists, with this shape, in Node (≥ 18),
 * in worker threads and web workers, and in browsers; the declarations list only the members the
 * engine calls. Only engine/tsconfig.json reads this file (the root and web configs get the full
 * declarations from @types/node and lib.dom and exclude it).
 */

/**
 * Cancellation of long work (search, surfaces, levels). Only `aborted` is read, so any
 * AbortSignal (Node's, a worker's, a browser's) fits; the engine never creates one.
 */
interface AbortSignal {
  readonly aborted: boolean;
}

/** UTF-8 encoding of the graph file's JSON metadata (serialize.ts). A WHATWG Encoding API global in Node, workers and browsers. */
interface TextEncoder {
  encode(input?: string): Uint8Array;
}
declare var TextEncoder: { new (): TextEncoder };

/** UTF-8 decoding of the graph file's JSON metadata (serialize.ts). A WHATWG Encoding API global in Node, workers and browsers. */
interface TextDecoder {
  decode(input?: Uint8Array): string;
}
declare var TextDecoder: { new (): TextDecoder };

/**
 * WebAssembly, for the core search (wasm-search.ts): a module compiled from bytes, instantiated
 * with a memory the engine makes and grows. Only the members the engine calls.
 */
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number });
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
}

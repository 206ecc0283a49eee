/**
 * What the WebAssembly searches share (wasm-search.ts, wasm-turn-search.ts): their modules compiled
 * from the base64 the build embeds (no host API: atob and Buffer are not everywhere the engine
 * runs), and a linear memory laid out as a table of array addresses (memory word k holds the byte
 * address of array k, as the AssemblyScript side reads it) followed by the arrays, 8-aligned, laid
 * out one after another as they are first needed.
 */

const TABLE_BYTES = 128;

/** Items a search settles between two looks at its abort signal (as the TypeScript searches look). */
export const ABORT_CHECK_EVERY = 0x10000;
const PAGE = 65536;
const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

const compiled = new Map<string, WebAssembly.Module | null>();

/** The module of these base64 bytes, compiled once; null where WebAssembly is missing or refuses it (the caller then searches in TypeScript). */
export function wasmModule(base64: string): WebAssembly.Module | null {
  let module = compiled.get(base64);
  if (module === undefined) {
    try {
      module = typeof WebAssembly === "object" ? new WebAssembly.Module(decodeBase64(base64)) : null;
    } catch {
      module = null;
    }
    compiled.set(base64, module);
  }
  return module;
}

/** Bytes of a base64 string. */
function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const value = new Uint8Array(128);
  for (let i = 0; i < BASE64.length; i++) value[BASE64.charCodeAt(i)] = i;
  const clean = text.replace(/=+$/, "");
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    acc = (acc << 6) | value[clean.charCodeAt(i)];
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/**
 * A module's memory: `table` names each array's word in the address table; `at` holds each laid-out
 * array's byte address (names outside the table too: arrays only the engine side addresses).
 */
export class WasmMemory<Name extends string> {
  readonly memory: WebAssembly.Memory;
  /** Byte address of each array laid out so far. */
  readonly at: Partial<Record<Name, number>> = {};
  /** Bytes laid out so far (the next array starts here, 8-aligned). */
  private top = TABLE_BYTES;

  /** `bytes`: what the arrays laid out at once will take (the memory grows later as needed). */
  constructor(
    private readonly table: Partial<Record<Name, number>>,
    bytes: number,
  ) {
    this.memory = new WebAssembly.Memory({ initial: Math.ceil((TABLE_BYTES + bytes + 64) / PAGE) });
  }

  /** Bytes of memory in use. */
  get bytes(): number {
    return this.top;
  }

  /** Lays out `bytes` for an array at a multiple of `align` (a power of two, at least 8), growing the memory when needed (views on it must then be made again). Returns its address. */
  place(name: Name, bytes: number, align = 8): number {
    const at = (this.top + align - 1) & -align;
    this.top = (at + bytes + 7) & ~7;
    const short = this.top - this.memory.buffer.byteLength;
    if (short > 0) this.memory.grow(Math.ceil(short / PAGE));
    this.at[name] = at;
    const word = this.table[name];
    if (word !== undefined) new Uint32Array(this.memory.buffer, 0, TABLE_BYTES / 4)[word] = at;
    return at;
  }

  /** Lays out an array of `length` int32 words, each `value`; returns a view on it (valid until the memory next grows). */
  fill(name: Name, length: number, value: number): Int32Array {
    const at = this.place(name, 4 * length);
    return new Int32Array(this.memory.buffer, at, length).fill(value);
  }

  /** Lays out an array holding a copy of `a` (at a multiple of `align`). */
  copy(name: Name, a: Uint32Array | Int32Array | Float32Array, align = 8): number {
    const at = this.place(name, a.byteLength, align);
    new Uint8Array(this.memory.buffer, at, a.byteLength).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    return at;
  }
}

// What the AssemblyScript searches (core-search.ts, turn-search.ts) share: reading the address
// table the engine side writes (memory word k holds the byte address of array k: engine/wasm-memory.ts)
// and 32-bit words of an array by index. Inlined where used; compiled into each module.

/** The byte address of array `k`. */
@inline export function array(k: u32): usize {
  return <usize>load<u32>(<usize>k << 2);
}

@inline export function u32At(base: usize, i: u32): u32 {
  return load<u32>(base + (<usize>i << 2));
}

@inline export function setU32(base: usize, i: u32, value: u32): void {
  store<u32>(base + (<usize>i << 2), value);
}

@inline export function i32At(base: usize, i: u32): i32 {
  return load<i32>(base + (<usize>i << 2));
}

@inline export function setI32(base: usize, i: u32, value: i32): void {
  store<i32>(base + (<usize>i << 2), value);
}

/**
 * Quantised TopoJSON arcs as text: each arc's integer positions (first absolute, then deltas, as
 * topojson-client's quantize leaves them) written with the encoded-polyline scheme Google
 * publishes for its Maps APIs: each integer zigzag-encoded (sign in the lowest bit), cut into
 * 5-bit groups from the lowest, each group plus 63 as one ASCII character, 0x20 marking "more
 * follows". A delta of under ±16 takes one character where JSON takes three or more, which
 * roughly halves data/facts/boundaries-2023.json. Every character is in '?'..'~', so a string
 * needs no JSON escaping.
 */
import { CorruptDataError } from "../../engine/index.ts";

type Arc = [number, number][];

/** The `format` member of a TopoJSON file whose arcs are encoded strings in `encodedArcs` (in place of `arcs`). */
export const ENCODED_ARCS_FORMAT = "palveluverkko-topojson-encoded-arcs-1";

/** Encodes one quantised arc (integers) as a string. */
export function encodeArc(arc: readonly (readonly [number, number])[]): string {
  let out = "";
  for (const [x, y] of arc) out += encodeInt(x) + encodeInt(y);
  return out;
}

function encodeInt(n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`arc position ${n} is not an integer`);
  let z = n < 0 ? -2 * n - 1 : 2 * n;
  let out = "";
  while (z >= 0x20) {
    out += String.fromCharCode((0x20 | (z & 0x1f)) + 63);
    z = Math.floor(z / 32);
  }
  return out + String.fromCharCode(z + 63);
}

/** Decodes a string written by encodeArc back to its integer positions; CorruptDataError on a bad string. */
export function decodeArc(text: string, where: string): Arc {
  const values: number[] = [];
  let z = 0;
  let scale = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) - 63;
    if (c < 0 || c > 63) throw new CorruptDataError(`${where}: character ${i} of an arc is not in the encoding`, "arcs", text.slice(i, i + 8));
    z += (c & 0x1f) * scale;
    if (c & 0x20) {
      scale *= 32;
      continue;
    }
    values.push(z % 2 === 1 ? -(z + 1) / 2 : z / 2);
    z = 0;
    scale = 1;
  }
  if (scale !== 1 || values.length % 2 !== 0) throw new CorruptDataError(`${where}: an arc ends in the middle of a position`, "arcs", text.slice(-8));
  const arc: Arc = [];
  for (let i = 0; i < values.length; i += 2) arc.push([values[i], values[i + 1]]);
  return arc;
}

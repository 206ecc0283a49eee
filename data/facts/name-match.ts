/** Matching place names as users type them: case and diacritics folded, and edit distance for suggestions. */

/** NFC lower case: "HELSINGFORS" → "helsingfors". */
export const lower = (s: string) => s.normalize("NFC").toLowerCase();

/** Lower case without diacritics: "Hyvinkää" → "hyvinkaa", "Borgå" → "borga". */
export const fold = (s: string) => lower(s).normalize("NFD").replace(/\p{M}/gu, "");

/** Levenshtein distance; names are short, so one row of O(|b|) memory is plenty. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = Math.min(up + 1, row[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length];
}

// geojson-validation ships no types; the project uses only `valid`, and `isFeature` (features of a
// collection one at a time, see data/services/import.ts).
declare module "geojson-validation" {
  const GJV: { valid(object: unknown, trace?: boolean): boolean | string[]; isFeature(object: unknown, trace?: boolean): boolean | string[] };
  export default GJV;
}

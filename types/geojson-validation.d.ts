// geojson-validation ships no types; the project uses only `valid`.
declare module "geojson-validation" {
  const GJV: { valid(object: unknown, trace?: boolean): boolean | string[] };
  export default GJV;
}

/**
 * A quick-look SVG map of isochrone bands over the road network, with a legend in minutes. For
 * eyes, not for GIS: coordinates are projected to EPSG:3067 and scaled to the picture.
 */
import { type RoadGraph, type IsochroneCollection, toEtrs } from "../../engine/index.ts";

/** Band colours from the nearest (dark green) to the farthest (pale), one per threshold. */
const PALETTE = ["#1a9850", "#66bd63", "#a6d96a", "#d9ef8b", "#fee08b", "#fdae61", "#f46d43"];

export interface SvgOptions {
  widthPx?: number;
  title?: string;
  /** Small print at the bottom: sources and whether the roads are real. */
  credit?: string;
  places?: { lon: number; lat: number; id: string }[];
}

/** Renders WGS84 isochrone bands and the graph's roads as an SVG document. */
export function isochroneSvg(graph: RoadGraph, fc: IsochroneCollection, options: SvgOptions = {}): string {
  const [minLon, minLat, maxLon, maxLat] = graph.mainBbox();
  const [x0, y0] = toEtrs(minLon, minLat);
  const [x1, y1] = toEtrs(maxLon, maxLat);
  const width = options.widthPx ?? 1000;
  const scale = width / (x1 - x0);
  const mapH = Math.round((y1 - y0) * scale);
  const height = mapH + 90;
  const px = (lon: number, lat: number) => {
    const [x, y] = toEtrs(lon, lat);
    return `${((x - x0) * scale).toFixed(1)},${(mapH - (y - y0) * scale).toFixed(1)}`;
  };
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, sans-serif">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  // Farthest band first, so nearer bands are drawn on top.
  const features = [...fc.features].sort((a, b) => b.properties.threshold_min - a.properties.threshold_min);
  const colour = (i: number) => PALETTE[Math.min(PALETTE.length - 1, i)];
  const byThreshold = [...fc.features].map((f) => f.properties.threshold_min).sort((a, b) => a - b);
  for (const f of features) {
    const d = f.geometry.coordinates
      .map((poly) => poly.map((ring) => "M" + ring.map(([lon, lat]) => px(lon, lat)).join("L") + "Z").join(""))
      .join("");
    parts.push(`<path d="${d}" fill="${colour(byThreshold.indexOf(f.properties.threshold_min))}" fill-opacity="0.75" fill-rule="evenodd" stroke="none"/>`);
  }
  const tail = graph.edgeTail();
  const roads: string[] = [];
  for (let e = 0; e < graph.edgeCount; e++) {
    const u = tail[e];
    const v = graph.head[e];
    if (u > v && graph.findEdge(v, u) >= 0) continue;
    roads.push(`M${px(graph.lon(u), graph.lat(u))}L${px(graph.lon(v), graph.lat(v))}`);
  }
  parts.push(`<path d="${roads.join("")}" stroke="#555" stroke-width="0.4" stroke-opacity="0.6" fill="none"/>`);
  for (const p of options.places ?? []) {
    const [cx, cy] = px(p.lon, p.lat).split(",");
    parts.push(`<circle cx="${cx}" cy="${cy}" r="6" fill="#d7191c" stroke="#fff" stroke-width="2"/>`);
  }
  // Legend, title and credit below the map.
  let lx = 10;
  const ly = mapH + 20;
  parts.push(`<text x="${lx}" y="${ly + 12}" font-size="14">${escape(options.title ?? "Travel time")}</text>`);
  lx = 10;
  byThreshold.forEach((t, i) => {
    const x = lx + i * 95;
    parts.push(`<rect x="${x}" y="${ly + 24}" width="18" height="14" fill="${colour(i)}" fill-opacity="0.75"/>`);
    parts.push(`<text x="${x + 24}" y="${ly + 36}" font-size="13">≤ ${t} min</text>`);
  });
  if (options.credit) parts.push(`<text x="10" y="${height - 8}" font-size="11" fill="#444">${escape(options.credit)}</text>`);
  parts.push("</svg>");
  return parts.join("\n");
}

function escape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

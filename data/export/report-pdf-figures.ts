/**
 * The PDF report's figures, drawn as vector paths: a map of one level's travel-time bands
 * (EPSG:3067 projected linearly to the page, north up, one scale for both axes) with municipal
 * boundaries, service points, a scale bar and a legend in minutes; and a bar chart of the share of
 * residents per band per area. Colours are the quick-look SVG's (data/export/svg.ts).
 */
import { offers, type ServiceLevel } from "../../engine/index.ts";
import { bandLabel, formatNumber, formatThreshold, t, type Lang } from "./i18n.ts";
import type { FigureRow, Position, ReportModel, ReportPoint } from "./report-model.ts";
import { CONTENT_W, INK, MUTED, PAGE, type PdfWriter } from "./report-pdf-kit.ts";

/** From the nearest band (dark green) to the farthest (red), as svg.ts. */
const PALETTE = ["#1a9850", "#66bd63", "#a6d96a", "#d9ef8b", "#fee08b", "#fdae61", "#f46d43"];
/** People beyond the last threshold or off the roads. */
const BEYOND = "#9e9e9e";

/** Colour of band k of n: spread over the palette, so three bands are green, yellow and red. */
function bandColour(k: number, n: number): string {
  if (k >= n) return BEYOND;
  return PALETTE[n === 1 ? 0 : Math.round((k * (PALETTE.length - 1)) / (n - 1))];
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A round length for a scale bar about a fifth of `maxM` metres. */
function niceLength(maxM: number): number {
  const target = maxM / 5;
  const p = 10 ** Math.floor(Math.log10(target));
  return [1, 2, 5, 10].map((k) => k * p).filter((v) => v <= target).pop() ?? p;
}

/** Colours of the base map: land from the municipal boundaries, sea (or anything outside them) around it. */
const LAND = "#f4f2ed";
const SEA = "#dce8f2";

/**
 * The map of a level's bands at the top of `box` (centred across it); `variant` picks a scenario's
 * base or scenario bands. Returns the map's frame on the page.
 */
export function drawMap(w: PdfWriter, m: ReportModel, lang: Lang, level: ServiceLevel, variant: "base" | "scenario" | null, box: Box): Box {
  const { doc } = w;
  const [minX, minY, maxX, maxY] = m.geometry.extent;
  const s = Math.min(box.width / (maxX - minX), box.height / (maxY - minY));
  const frame = { x: box.x + (box.width - (maxX - minX) * s) / 2, y: box.y, width: (maxX - minX) * s, height: (maxY - minY) * s };
  const px = ([x, y]: Position): Position => [frame.x + (x - minX) * s, frame.y + (maxY - y) * s];
  const path = (polygons: Position[][][]) => {
    for (const polygon of polygons) {
      for (const ring of polygon) {
        ring.forEach((p, i) => (i === 0 ? doc.moveTo(...px(p)) : doc.lineTo(...px(p))));
        doc.closePath();
      }
    }
  };
  const n = m.thresholdsMin.length;
  const municipalities = m.geometry.municipalities;

  doc.save();
  doc.rect(frame.x, frame.y, frame.width, frame.height).clip();
  doc.rect(frame.x, frame.y, frame.width, frame.height).fill(municipalities ? SEA : "#ffffff");
  for (const mu of municipalities ?? []) {
    path(mu.polygons);
    doc.fill(LAND, "even-odd");
  }
  // Bands on land only: cells at sea within reach of a road hold nobody, and the coast tells a
  // reader where they are. Without boundaries there is no land to clip to.
  doc.save();
  if (municipalities) {
    for (const mu of municipalities) path(mu.polygons);
    doc.clip("even-odd");
  }
  // Farthest band first: nearer bands cover it, so each colour shows its own band.
  const bands = m.geometry.bands.filter((b) => b.level === level && b.variant === variant).sort((a, b) => b.thresholdMin - a.thresholdMin);
  for (const b of bands) {
    path(b.polygons);
    doc.fillOpacity(0.8).fill(bandColour(m.thresholdsMin.indexOf(b.thresholdMin), n), "even-odd");
  }
  doc.fillOpacity(1);
  doc.restore();
  for (const mu of municipalities ?? []) {
    path(mu.polygons);
    doc.lineWidth(0.7).strokeColor("#5a5a5a").stroke();
  }
  const points = (variant === "base" ? m.geometry.basePoints : m.geometry.points) ?? [];
  drawPoints(w, lang, points.filter((p) => p.open && offers(p.level, level)), points.filter((p) => !p.open), px, frame, variant === "scenario");
  doc.restore();
  doc.rect(frame.x, frame.y, frame.width, frame.height).lineWidth(0.6).strokeColor(INK).stroke();

  // Scale bar, lower left inside the frame, on a white strip so bands do not hide it.
  const len = niceLength(maxX - minX);
  const barW = len * s;
  const bx = frame.x + 8;
  const by = frame.y + frame.height - 12;
  const label = w.t(`${formatNumber(lang, len / 1000, len < 1000 ? 1 : 0)} km`);
  doc.font("body").fontSize(7);
  doc.rect(bx - 4, by - 7, barW + 14 + doc.widthOfString(label), 15).fillOpacity(0.85).fill("#ffffff").fillOpacity(1);
  doc.rect(bx, by - 1, barW / 2, 3).fill(INK);
  doc.rect(bx + barW / 2, by - 1, barW / 2, 3).lineWidth(0.5).fillAndStroke("#ffffff", INK);
  doc.fillColor(INK).text(label, bx + barW + 5, by - 3, { lineBreak: false });
  return frame;
}

function drawPoints(w: PdfWriter, lang: Lang, open: ReportPoint[], closed: ReportPoint[], px: (p: Position) => Position, frame: Box, markChanges: boolean): void {
  const { doc } = w;
  const label = (p: ReportPoint, x: number, y: number) => {
    const text = w.t(lang === "sv" ? p.name.sv : p.name.fi);
    doc.font("body").fontSize(7);
    const tw = doc.widthOfString(text);
    // Right of the symbol, or left of it when it would run off the map.
    const lx = x + 8 + tw + 4 > frame.x + frame.width ? x - 8 - tw : x + 8;
    doc.rect(lx - 2, y - 5, tw + 4, 10).fillOpacity(0.8).fill("#ffffff").fillOpacity(1);
    doc.fillColor(INK).text(text, lx, y - 3.5, { lineBreak: false });
  };
  for (const p of closed) {
    const [x, y] = px([p.x, p.y]);
    doc.moveTo(x - 4, y - 4).lineTo(x + 4, y + 4).moveTo(x - 4, y + 4).lineTo(x + 4, y - 4).lineWidth(1.8).strokeColor("#444444").stroke();
    label(p, x, y);
  }
  for (const p of open) {
    const [x, y] = px([p.x, p.y]);
    if (markChanges && p.status !== "unchanged") doc.circle(x, y, 7.5).lineWidth(1.2).strokeColor("#2b5fad").stroke();
    doc.circle(x, y, 4).lineWidth(1.2).fillAndStroke("#d7191c", "#ffffff");
    label(p, x, y);
  }
}

/** The legend under a map: band colours in minutes, then the symbols. Returns the height used. */
export function drawMapLegend(w: PdfWriter, m: ReportModel, lang: Lang, x: number, y: number): number {
  const { doc } = w;
  const n = m.thresholdsMin.length;
  doc.font("bold").fontSize(8).fillColor(INK).text(w.t(t(lang, "travelTime")), x, y, { lineBreak: false });
  let cx = x;
  let cy = y + 13;
  const item = (draw: (x: number, y: number) => void, label: string) => {
    const text = w.t(label);
    doc.font("body").fontSize(7.5);
    const width = 16 + doc.widthOfString(text) + 12;
    if (cx + width > x + CONTENT_W) (cx = x), (cy += 14);
    draw(cx, cy);
    doc.fillColor(INK).text(text, cx + 16, cy + 1, { lineBreak: false });
    cx += width;
  };
  const unreached = m.geometry.municipalities ? LAND : "#ffffff";
  for (let k = 0; k < n; k++) item((bx, by) => doc.rect(bx, by, 12, 9).fill(unreached).rect(bx, by, 12, 9).fillOpacity(0.8).fill(bandColour(k, n)).fillOpacity(1), bandLabel(lang, m.thresholdsMin, k));
  item((bx, by) => doc.rect(bx, by, 12, 9).lineWidth(0.5).fillAndStroke(unreached, "#999999"), t(lang, "notReached", { t: formatThreshold(lang, m.thresholdsMin[n - 1]) }));
  if (m.geometry.municipalities) item((bx, by) => doc.rect(bx, by, 12, 9).lineWidth(0.5).fillAndStroke(SEA, "#999999"), t(lang, "outsideAreas"));
  cx = x;
  cy += 14;
  item((bx, by) => doc.circle(bx + 6, by + 4.5, 4).lineWidth(1.2).fillAndStroke("#d7191c", "#ffffff"), t(lang, "servicePoint"));
  if (m.geometry.points.some((p) => !p.open)) item((bx, by) => doc.moveTo(bx + 2, by + 0.5).lineTo(bx + 10, by + 8.5).moveTo(bx + 2, by + 8.5).lineTo(bx + 10, by + 0.5).lineWidth(1.8).strokeColor("#444444").stroke(), t(lang, "closedPoint"));
  if (m.geometry.points.some((p) => p.status !== "unchanged")) item((bx, by) => doc.circle(bx + 6, by + 4.5, 5).lineWidth(1.2).strokeColor("#2b5fad").stroke(), t(lang, "changedPoint"));
  if (m.geometry.municipalities) item((bx, by) => doc.moveTo(bx, by + 4.5).lineTo(bx + 12, by + 4.5).lineWidth(0.7).strokeColor("#5a5a5a").stroke(), t(lang, "boundary"));
  return cy + 14 - y;
}

/** Stacked bars: each row's residents per band as shares of its people, with the total at the right. */
export function drawBandChart(w: PdfWriter, m: ReportModel, lang: Lang, title: string, rows: readonly Pick<FigureRow, "name" | "scope" | "population" | "bands">[]): void {
  const { doc } = w;
  const n = m.thresholdsMin.length;
  const labelW = 125;
  const totalW = 70;
  const barX = PAGE.margin + labelW;
  const barW = CONTENT_W - labelW - totalW;
  const barH = 11;
  const gap = 6;
  w.ensure(80 + Math.min(rows.length, 6) * (barH + gap));
  doc.font("bold").fontSize(10.5).fillColor(INK).text(w.t(title), PAGE.margin, w.y, { width: CONTENT_W });
  w.y = doc.y + 4;
  // Legend first, so a reader meets the colours before the bars.
  let lx = barX;
  doc.font("body").fontSize(7.5);
  for (let k = 0; k <= n; k++) {
    const label = w.t(bandLabel(lang, m.thresholdsMin, k));
    const width = 14 + doc.widthOfString(label) + 10;
    if (lx + width > PAGE.margin + CONTENT_W) (lx = barX), (w.y += 12);
    doc.rect(lx, w.y, 10, 8).fillOpacity(0.8).fill(bandColour(k, n)).fillOpacity(1);
    doc.fillColor(INK).text(label, lx + 13, w.y, { lineBreak: false });
    lx += width;
  }
  w.y += 14;
  doc.font("body").fontSize(7).fillColor(MUTED);
  [0, 25, 50, 75, 100].forEach((p) => {
    const label = w.t(`${formatNumber(lang, p)} %`);
    doc.text(label, barX + (p / 100) * barW - doc.widthOfString(label) / 2, w.y, { lineBreak: false });
  });
  const peopleLabel = w.t(t(lang, "population"));
  doc.text(peopleLabel, PAGE.margin + CONTENT_W - doc.widthOfString(peopleLabel), w.y, { lineBreak: false });
  w.y += 11;
  // An area with nobody on the grid (a unit outside the extract) has no shares to draw.
  for (const r of rows.filter((x) => x.population > 0)) {
    w.ensure(barH + gap);
    const total = r.scope === "all";
    doc.font(total ? "bold" : "body").fontSize(8).fillColor(INK);
    doc.text(w.fit(r.name[lang], labelW - 6), PAGE.margin, w.y + 2, { lineBreak: false });
    let x = barX;
    r.bands.forEach((people, k) => {
      if (r.population === 0 || people === 0) return;
      const bw = (people / r.population) * barW;
      // The map's opacity over white, so a band has one colour on every page.
      doc.rect(x, w.y, bw, barH).fillOpacity(0.8).fill(bandColour(k, n)).fillOpacity(1);
      x += bw;
    });
    doc.rect(barX, w.y, barW, barH).lineWidth(0.4).strokeColor(MUTED).stroke();
    const people = w.t(formatNumber(lang, r.population));
    doc.font(total ? "bold" : "body").fontSize(8).fillColor(INK).text(people, PAGE.margin + CONTENT_W - doc.widthOfString(people), w.y + 2, { lineBreak: false });
    w.y += barH + gap;
  }
  w.y += 8;
}

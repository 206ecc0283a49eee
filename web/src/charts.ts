/**
 * Horizontal bar charts as inline SVG, one bar per unit, for reading groupings side by side at a
 * glance; the tables next to them hold the same numbers for those who read. Each unit's label sits
 * above its bar, so long names (Espoo–Kirkkonummi–Kauniainen) need no truncating, and charts drawn
 * to one scale can stand next to each other. Colours go in as SVG attributes, not style
 * attributes, which the page's Content-Security-Policy forbids. White value text on a bar needs
 * 4.5:1 against the fill, as the dark blue the groupings view uses has.
 */

const SVG = "http://www.w3.org/2000/svg";

interface Bar {
  /** What the bar is of, for tests and for the tables to refer to. */
  key: string;
  label: string;
  value: number | null;
  /** The unit's colour, as its swatch (and its outline on the map) shows it. */
  colour: string;
  /** Shown bold with `note` after the label (the worst-off unit). */
  note?: string;
}

export interface BarChartSpec {
  title: string;
  bars: Bar[];
  /** The value at the full width: the same for every chart that is to be compared. */
  max: number;
  format: (v: number) => string;
  /** A dashed line across the bars, e.g. all units together. */
  reference?: { value: number; label: string };
  /** Bar fill; at 3:1 or more against white, as WCAG asks of graphics. */
  fill: string;
  /** Said for a missing value. */
  none: string;
}

const ROW = 36;
const TOP = 22;
const BAR_H = 14;
const FONT = 12;
/** From this share of the full width on, a bar's value is written inside it (white on the bar), else after it. */
const INSIDE_FROM = 0.55;

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, ...children: (Node | string)[]): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  e.append(...children);
  return e;
}

/**
 * A bar chart with its title and a label for screen readers (the table carries the numbers). Lengths
 * along the bars are percentages of the chart's width and everything else pixels, so the text keeps
 * its size in a narrow column and the bars take what width there is.
 */
export function barChart(spec: BarChartSpec): SVGSVGElement {
  const height = TOP + spec.bars.length * ROW + 4;
  const share = (v: number) => (spec.max > 0 ? Math.max(0, Math.min(v, spec.max)) / spec.max : 0);
  const pct = (v: number) => `${(100 * share(v)).toFixed(2)}%`;
  const svg = el("svg", { width: "100%", height, role: "img", "aria-label": spec.title, class: "bar-chart", "font-size": FONT }, el("title", {}, spec.title));
  // Tracks, then the reference, then the bars: the reference shows on the tracks and between rows, never over a value.
  spec.bars.forEach((_, i) => svg.append(el("rect", { x: 0, y: TOP + i * ROW + 16, width: "100%", height: BAR_H, fill: "#ece9e3" })));
  if (spec.reference) {
    const right = share(spec.reference.value) > 0.5;
    svg.append(
      el("line", { x1: pct(spec.reference.value), x2: pct(spec.reference.value), y1: TOP - 4, y2: TOP + spec.bars.length * ROW, stroke: "#1a1a1a", "stroke-width": 1.5, "stroke-dasharray": "4 3" }),
      el("text", { x: pct(spec.reference.value), dx: right ? -3 : 3, y: TOP - 8, fill: "#1a1a1a", "text-anchor": right ? "end" : "start", "font-size": FONT - 1 }, spec.reference.label),
    );
  }
  spec.bars.forEach((b, i) => {
    const y = TOP + i * ROW;
    const g = el("g", { "data-key": b.key, "data-value": b.value ?? "" });
    g.append(
      el("rect", { x: 0, y: y + 2, width: 10, height: 10, fill: b.colour, stroke: "#1a1a1a", "stroke-width": 0.6 }),
      el("text", { x: 15, y: y + 11, fill: "#1a1a1a", "font-weight": b.note ? 700 : 400 }, b.label, b.note ? ` · ${b.note}` : ""),
    );
    if (b.value === null) g.append(el("text", { x: 4, y: y + 27, fill: "#1a1a1a" }, spec.none));
    else {
      const inside = share(b.value) >= INSIDE_FROM;
      g.append(
        el("rect", { x: 0, y: y + 16, width: b.value > 0 ? pct(b.value) : 1, height: BAR_H, fill: spec.fill }),
        el("text", { x: pct(b.value), dx: inside ? -4 : 4, y: y + 27, fill: inside ? "#ffffff" : "#1a1a1a", "text-anchor": inside ? "end" : "start" }, spec.format(b.value)),
      );
    }
    svg.append(g);
  });
  return svg;
}

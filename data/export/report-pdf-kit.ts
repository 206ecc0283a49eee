/**
 * The PDF report's page furniture on pdfkit: fonts, a cursor that starts a new page when the
 * next block does not fit, headings, paragraphs and paginated tables with repeated headers.
 *
 * Fonts: DejaVu Sans (Debian's fonts-dejavu-core) is embedded when present, as it carries every
 * character Intl and the labels use (ä ö å, U+2212 minus, U+00A0 no-break space, ≤, km²). Without
 * it, pdfkit's standard Helvetica (WinAnsi) covers ä ö å Ä Ö Å but not U+2212 or ≤, so text is
 * first mapped to WinAnsi (see winAnsi) rather than printing empty boxes.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { PDFDocument } from "../libraries.ts";

export type Doc = InstanceType<PDFDocument>;

/** Where Debian and Ubuntu put DejaVu (fonts-dejavu-core). */
export const DEJAVU_DIR = "/usr/share/fonts/truetype/dejavu";

export const PAGE = { width: 595.28, height: 841.89, margin: 50, top: 50, bottom: 60 };
export const CONTENT_W = PAGE.width - 2 * PAGE.margin;

export const INK = "#222222";
export const MUTED = "#555555";
const RULE = "#bbbbbb";

/** Characters WinAnsi (pdfkit's standard fonts) has beyond Latin-1. */
const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");
const WIN_ANSI_SUBST: Record<string, string> = { "\u2212": "-", "\u2009": "\u00a0", "\u202f": "\u00a0", "≤": "<=", "≥": ">=", "→": "->", "\u2011": "-" };

/** Text as WinAnsi can show it: Latin-1 and the extras stay, a few known characters are spelled out, anything else becomes "?". */
export function winAnsi(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || code === 0x0a || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else out += WIN_ANSI_SUBST[ch] ?? "?";
  }
  return out;
}

/** A document with its fonts chosen, a text filter for them, and a cursor. */
export class PdfWriter {
  readonly doc: Doc;
  /** "DejaVuSans" when embedded, else "Helvetica". */
  readonly fontFamily: string;
  private readonly clean: (s: string) => string;
  y = PAGE.top;

  /** `PDFDocument`: pdfkit's class (loaded on first use, data/libraries.ts). `fontDir`: a folder with DejaVuSans.ttf and DejaVuSans-Bold.ttf; null for the standard fonts. */
  constructor(PDFDocument: PDFDocument, info: { title: string; date: string }, fontDir: string | null = DEJAVU_DIR) {
    this.doc = new PDFDocument({
      size: "A4",
      margins: { top: PAGE.top, bottom: 0, left: PAGE.margin, right: PAGE.margin },
      bufferPages: true,
      autoFirstPage: true,
      info: { Title: info.title, Creator: "palveluverkko", Producer: "palveluverkko (pdfkit)", CreationDate: new Date(`${info.date}T00:00:00Z`) },
    });
    const regular = fontDir === null ? null : join(fontDir, "DejaVuSans.ttf");
    const bold = fontDir === null ? null : join(fontDir, "DejaVuSans-Bold.ttf");
    if (regular && bold && existsSync(regular) && existsSync(bold)) {
      this.doc.registerFont("body", regular);
      this.doc.registerFont("bold", bold);
      this.fontFamily = "DejaVuSans";
      this.clean = (s) => s;
    } else {
      this.doc.registerFont("body", "Helvetica");
      this.doc.registerFont("bold", "Helvetica-Bold");
      this.fontFamily = "Helvetica";
      this.clean = winAnsi;
    }
    this.doc.font("body");
  }

  /** Text made printable in the chosen font. */
  t(s: string): string {
    return this.clean(s);
  }

  get bottom(): number {
    return PAGE.height - PAGE.bottom;
  }

  newPage(): void {
    this.doc.addPage();
    this.y = PAGE.top;
  }

  /** Starts a new page unless `height` more points fit below the cursor. */
  ensure(height: number): void {
    if (this.y + height > this.bottom) this.newPage();
  }

  heading(text: string, size = 14): void {
    this.ensure(size * 3);
    this.doc.font("bold").fontSize(size).fillColor(INK).text(this.t(text), PAGE.margin, this.y, { width: CONTENT_W });
    this.y = this.doc.y + size * 0.4;
  }

  paragraph(text: string, size = 9.5, colour = INK, font: "body" | "bold" = "body"): void {
    const s = this.t(text);
    this.doc.font(font).fontSize(size);
    this.ensure(this.doc.heightOfString(s, { width: CONTENT_W }) + 4);
    this.doc.fillColor(colour).text(s, PAGE.margin, this.y, { width: CONTENT_W, lineGap: 1.5 });
    this.y = this.doc.y + size * 0.5;
  }

  /** Cuts text to fit `width` at the current font and size, with an ellipsis. */
  fit(text: string, width: number): string {
    let s = this.t(text);
    if (this.doc.widthOfString(s) <= width) return s;
    while (s.length > 1 && this.doc.widthOfString(s + "…") > width) s = s.slice(0, -1);
    return s + "…";
  }

  /** "Sivu 3/9" and the title at the foot of every page; call once, at the end. */
  footers(label: (page: number, pages: number) => string, title: string): void {
    const { start, count } = this.doc.bufferedPageRange();
    for (let i = start; i < start + count; i++) {
      this.doc.switchToPage(i);
      this.doc.font("body").fontSize(7.5).fillColor(MUTED);
      const y = PAGE.height - PAGE.bottom + 22;
      this.doc.text(this.fit(title, CONTENT_W - 90), PAGE.margin, y, { lineBreak: false });
      const right = this.t(label(i - start + 1, count));
      this.doc.text(right, PAGE.width - PAGE.margin - this.doc.widthOfString(right), y, { lineBreak: false });
    }
  }

  /** The finished PDF's bytes. */
  finish(): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      this.doc.on("data", (c: Buffer) => chunks.push(c));
      this.doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
      this.doc.on("error", reject);
      this.doc.end();
    });
  }
}

export interface PdfColumn {
  label: string;
  /** Relative width; the table fills the content width. */
  weight: number;
  align?: "left" | "right";
}

export interface PdfTable {
  title?: string;
  columns: PdfColumn[];
  rows: string[][];
  /** Rows drawn bold with a rule above (an "all areas" total). */
  total?: (row: number) => boolean;
  fontSize?: number;
}

/**
 * Column widths that never split a word of a header: each column gets at least its longest header
 * word (and cell) and the rest of the width by weight; the header font shrinks until that fits.
 */
function columnWidths(w: PdfWriter, table: PdfTable, size: number, pad: number): { widths: number[]; headerSize: number } {
  const { doc } = w;
  const columns = table.columns;
  // The widest cell of each column (bold, as totals are), up to 120 pt: longer names are cut with "…".
  doc.font("bold").fontSize(size);
  const cells = columns.map((_, i) => Math.min(120, Math.max(0, ...table.rows.map((r) => doc.widthOfString(w.t(r[i]))))) + 2 * pad + 1);
  for (let headerSize = size; ; headerSize -= 0.5) {
    doc.font("bold").fontSize(headerSize);
    // pdfkit's line wrapper measures a word with its trailing space: leave room for one.
    const least = columns.map((c, i) => Math.max(cells[i], ...w.t(c.label).split(/[ /]/).map((word) => doc.widthOfString(`${word} `) + 2 * pad + 1)));
    const spare = CONTENT_W - least.reduce((s, x) => s + x, 0);
    if (spare >= 0 || headerSize <= 5) {
      // Share the width by weight; a column whose share falls below its least gets its least, and
      // the others share what remains, until no share is too small.
      const fixed = columns.map(() => false);
      let widths: number[] = [];
      for (let changed = true; changed; ) {
        const free = CONTENT_W - least.reduce((s, x, i) => s + (fixed[i] ? x : 0), 0);
        const freeWeight = columns.reduce((s, c, i) => s + (fixed[i] ? 0 : c.weight), 0);
        widths = columns.map((c, i) => (fixed[i] ? least[i] : (c.weight / freeWeight) * free));
        changed = false;
        widths.forEach((x, i) => {
          if (!fixed[i] && x < least[i]) (fixed[i] = true), (changed = true);
        });
      }
      return { widths, headerSize };
    }
  }
}

/** Draws a table at the cursor, continuing on new pages with the header repeated. */
export function drawTable(w: PdfWriter, table: PdfTable): void {
  const { doc } = w;
  const size = table.fontSize ?? 8;
  const pad = 3;
  const { widths, headerSize } = columnWidths(w, table, size, pad);
  const xs = widths.map((_, i) => PAGE.margin + widths.slice(0, i).reduce((s, x) => s + x, 0));
  doc.font("bold").fontSize(headerSize);
  const headerH = Math.max(...table.columns.map((c, i) => doc.heightOfString(w.t(c.label), { width: widths[i] - 2 * pad }))) + 2 * pad;
  const rowH = size * 1.55;

  const header = () => {
    doc.font("bold").fontSize(headerSize).fillColor(INK);
    table.columns.forEach((c, i) => doc.text(w.t(c.label), xs[i] + pad, w.y + pad, { width: widths[i] - 2 * pad, align: c.align ?? "left" }));
    w.y += headerH;
    doc.moveTo(PAGE.margin, w.y).lineTo(PAGE.margin + CONTENT_W, w.y).lineWidth(0.8).strokeColor(INK).stroke();
  };
  // A table that fits on one page is kept together: no lone row and total carried over.
  const titleH = table.title ? size * 2.5 + 6 : 0;
  const whole = titleH + headerH + rowH * table.rows.length + size;
  if (whole <= w.bottom - PAGE.top) w.ensure(whole);
  if (table.title) {
    w.ensure(size * 2.5 + headerH + rowH * Math.min(3, table.rows.length));
    doc.font("bold").fontSize(size + 2.5).fillColor(INK).text(w.t(table.title), PAGE.margin, w.y, { width: CONTENT_W });
    w.y = doc.y + 3;
  } else {
    w.ensure(headerH + rowH * Math.min(3, table.rows.length));
  }
  header();
  table.rows.forEach((row, r) => {
    if (w.y + rowH > w.bottom) {
      w.newPage();
      header();
    }
    const total = table.total?.(r) ?? false;
    if (r % 2 === 1 && !total) doc.rect(PAGE.margin, w.y, CONTENT_W, rowH).fill("#f2f2f2");
    if (total) doc.moveTo(PAGE.margin, w.y).lineTo(PAGE.margin + CONTENT_W, w.y).lineWidth(0.5).strokeColor(INK).stroke();
    doc.font(total ? "bold" : "body").fontSize(size).fillColor(INK);
    row.forEach((cell, i) => {
      const text = w.fit(cell, widths[i] - 2 * pad);
      const align = table.columns[i].align ?? "left";
      const x = align === "right" ? xs[i] + widths[i] - pad - doc.widthOfString(text) : xs[i] + pad;
      doc.text(text, x, w.y + (rowH - size) / 2 + 0.5, { lineBreak: false });
    });
    w.y += rowH;
  });
  doc.moveTo(PAGE.margin, w.y).lineTo(PAGE.margin + CONTENT_W, w.y).lineWidth(0.5).strokeColor(RULE).stroke();
  w.y += size * 1.6;
}

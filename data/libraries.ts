/**
 * Heavy libraries, loaded the first time a command needs them. A command that never reads or
 * writes a workbook or a PDF does not pay for their start: before, exceljs and pdfkit (with its
 * font and line-break tables) were a third of `palveluverkko route`'s 1.2 s on a cached graph.
 */
import type ExcelJSNamespace from "exceljs";
import type PDFDocumentClass from "pdfkit";

type ExcelJS = typeof ExcelJSNamespace;
export type PDFDocument = typeof PDFDocumentClass;

/** exceljs, imported on first use. */
export async function excelJs(): Promise<ExcelJS> {
  return (await import("exceljs")).default;
}

/** pdfkit's document class, imported on first use. */
export async function pdfKit(): Promise<PDFDocument> {
  return (await import("pdfkit")).default;
}

/** A cell of a table: text or a number (numbers are right-aligned in the PDF, numeric in Excel). */
export type Cell = string | number;

/** A table with a header row. */
export interface Table {
  columns: string[];
  rows: Cell[][];
  /**
   * Shares of the page width per column (summing to 1), for forms whose label
   * column is narrow; without them numeric columns are narrow and the rest share.
   */
  widths?: number[];
}

/** A titled part of a document: paragraphs and/or a table. */
export interface Section {
  heading: string;
  paragraphs?: string[];
  table?: Table;
}

/**
 * A document as the services describe it, independent of the format: the
 * PDF and the workbook are both rendered from it, so they say the same thing.
 */
export interface PrintableDocument {
  title: string;
  /** Label and value lines under the title (court, quarter, version…). */
  meta: [string, string][];
  sections: Section[];
  /** Printed in every page's footer and on every sheet (R-RP-4): the reader can check it. */
  digest?: string;
}

export type { Cell, PrintableDocument, Section, Table } from './printable-document.js';
export { renderPdf } from './render-pdf.js';
export { readXlsx, renderXlsx, type Sheet } from './render-xlsx.js';
export { chineseFonts } from './chinese-font.js';

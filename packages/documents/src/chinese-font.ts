import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fonts } from '@embedpdf/fonts-sc';

/**
 * Noto Sans Hans (OFL-1.1) as shipped by the registry package
 * `@embedpdf/fonts-sc`: the PDF embeds a subset of it, so the document renders
 * the same on any reader, with or without Chinese fonts installed.
 */
function fontFile(weight: 400 | 700): string {
  const entry = fonts.find((f) => f.weight === weight);
  if (!entry) throw new Error(`@embedpdf/fonts-sc has no weight ${weight}`);
  // The package's entry point sits in dist/, its fonts beside it in fonts/.
  return join(dirname(fileURLToPath(import.meta.resolve('@embedpdf/fonts-sc'))), '..', 'fonts', entry.file);
}

let cache: { regular: Buffer; bold: Buffer } | undefined;

/** The regular and bold faces, read once per process (about 8 MB each). */
export function chineseFonts(): { regular: Buffer; bold: Buffer } {
  cache ??= { regular: readFileSync(fontFile(400)), bold: readFileSync(fontFile(700)) };
  return cache;
}

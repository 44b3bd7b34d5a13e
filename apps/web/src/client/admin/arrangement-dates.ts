/** Dates written one per line, or separated by commas, spaces or 、. */
export function parseDates(text: string): string[] {
  return text
    .split(/[\s,，、]+/)
    .map((d) => d.trim())
    .filter(Boolean);
}

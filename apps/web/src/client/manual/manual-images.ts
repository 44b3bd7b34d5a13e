/**
 * The manual's screenshots (images/*.png, saved by the browser tests), by the name the manual
 * writes (`images/todo.png`), as the addresses of the built files.
 */
const BUILT = import.meta.glob<string>('./images/*.png', { eager: true, query: '?url', import: 'default' });

/** The built address of a screenshot the manual names, or the name itself if there is none. */
export function manualImage(href: string): string {
  return BUILT[`./${href.replace(/^\.\//, '')}`] ?? href;
}

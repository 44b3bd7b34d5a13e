import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The text of `dir/fileName`, made with `contents()` when it is not there yet. The new
 * file is written under a name of this process's own and hard-linked into place (atomic,
 * and it fails if the file exists), so that when several processes start at once exactly
 * one file wins and all read it.
 */
export function readFileMadeOnce(dir: string, fileName: string, contents: () => string | Buffer): string {
  const file = join(dir, fileName);
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${Date.now()}`;
  writeFileSync(tmp, contents(), { mode: 0o600 });
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(tmp);
  }
  return readFileSync(file, 'utf8');
}

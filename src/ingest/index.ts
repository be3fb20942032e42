/** Readers: turn files, folders and streams into Articles, one item at a time. */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DEFAULT_MAX_BYTES, type ReadItem, type ReadOptions } from './types.js';
import { readFileItems } from './file.js';
import { walkFolder } from './folder.js';
import { fileErrorProblem } from './problem.js';
import { readStdin } from './stdin.js';

export * from './types.js';
export { readNamed, type ByteSource, type NamedReadOptions } from './named.js';

/** `options.maxBytes`, else NARRASCOPE_MAX_BYTES, else 5 MB. */
function maxBytesOf(options: ReadOptions): number {
  if (options.maxBytes !== undefined) return options.maxBytes;
  const env = Number(process.env.NARRASCOPE_MAX_BYTES);
  return Number.isInteger(env) && env > 0 ? env : DEFAULT_MAX_BYTES;
}

/**
 * Reads every path (file, folder, or "-" for standard input) and yields articles and problems in order.
 * Items are produced as files are read, never a whole folder at once; a file named twice (directly or
 * through a folder) is read once. See docs/input-formats.md.
 */
export async function* readSources(paths: readonly string[], options: ReadOptions = {}): AsyncGenerator<ReadItem> {
  const maxBytes = maxBytesOf(options);
  const read = new Set<string>();
  const firstTime = (path: string) => {
    const key = resolve(path);
    if (read.has(key)) return false;
    read.add(key);
    return true;
  };
  for (const path of paths) {
    if (path === '-') {
      yield* readStdin(options.stdin ?? process.stdin, maxBytes);
      continue;
    }
    let isFolder: boolean;
    try {
      isFolder = (await stat(path)).isDirectory();
    } catch (err) {
      yield fileErrorProblem(path, err);
      continue;
    }
    if (!isFolder) {
      if (firstTime(path)) yield* readFileItems(path, { maxBytes, explicit: true, corpus: false });
      continue;
    }
    for await (const entry of walkFolder(path)) {
      if ('ok' in entry) yield entry;
      else if (firstTime(entry.path)) yield* readFileItems(entry.path, { maxBytes, explicit: false, corpus: entry.corpus });
    }
  }
}

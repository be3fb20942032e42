/** Reading one file from the disk: its size is checked before it is read, then its name and bytes go to readNamed. */
import { open, readFile, stat } from 'node:fs/promises';
import type { ReadItem } from './types.js';
import { isStreamedKind, readNamed, tooLargeProblem, unsupportedProblem, type NamedReadOptions } from './named.js';
import { fileErrorProblem } from './problem.js';
import { kindByExtension } from './sniff.js';

export type FileReadOptions = NamedReadOptions;

/**
 * Yields the articles of one file, or problems naming it. JSONL and CSV files are streamed, so only
 * their lines/rows are held to `maxBytes`; every other file is checked against it with `stat` before reading.
 */
export async function* readFileItems(path: string, options: FileReadOptions): AsyncGenerator<ReadItem> {
  const kind = kindByExtension(path);
  if (kind === null) {
    if (options.explicit) yield unsupportedProblem(path);
    return;
  }
  let size: number;
  try {
    const st = await stat(path);
    if (st.isDirectory()) return;
    size = st.size;
  } catch (err) {
    yield fileErrorProblem(path, err);
    return;
  }
  if (isStreamedKind(kind)) {
    yield* readRecordFile(path, options);
    return;
  }
  if (size > options.maxBytes) {
    yield tooLargeProblem(path, size, options.maxBytes);
    return;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    yield fileErrorProblem(path, err);
    return;
  }
  yield* readNamed(path, bytes, options);
}

/** Streams a JSONL or CSV file; a disk error mid-file is reported and the next file is read. */
async function* readRecordFile(path: string, options: FileReadOptions): AsyncGenerator<ReadItem> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    yield fileErrorProblem(path, err);
    return;
  }
  try {
    yield* readNamed(path, handle.createReadStream({ start: 0, autoClose: false }), options);
  } catch (err) {
    yield fileErrorProblem(path, err);
  } finally {
    await handle.close();
  }
}

/** Readers: turn files, folders and streams into Articles, one item at a time. */
import type { ReadItem, ReadOptions } from './types.js';

export * from './types.js';

/** Reads every path (file, folder, or "-" for standard input) and yields articles and problems in order. */
export async function* readSources(paths: readonly string[], options: ReadOptions = {}): AsyncGenerator<ReadItem> {
  void paths;
  void options;
}

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readSources, type ReadItem, type ReadOptions, type ReadProblem } from '../../src/ingest/index.js';
import type { Article } from '../../src/doc/article.js';

/** A fresh temporary folder, with a function to write files (text or bytes) into it. */
export async function tempFolder(): Promise<{ dir: string; write: (rel: string, content: string | Uint8Array) => Promise<string>; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'narrascope-ingest-'));
  return {
    dir,
    write: async (rel, content) => {
      const path = join(dir, rel);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content);
      return path;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

export async function collect(paths: string[], options?: ReadOptions): Promise<{ items: ReadItem[]; articles: Article[]; problems: ReadProblem[] }> {
  const items: ReadItem[] = [];
  for await (const item of readSources(paths, options)) items.push(item);
  return {
    items,
    articles: items.flatMap((i) => (i.ok ? [i.article] : [])),
    problems: items.flatMap((i) => (i.ok ? [] : [i.problem])),
  };
}

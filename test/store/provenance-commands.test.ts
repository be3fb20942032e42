/** `ingest --no-provenance` (neither the index nor a task with id 'provenance' runs) and `delete` by id and hash prefix. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deleteArticles } from '../../src/cli/delete.js';
import { runIngest, withoutProvenance } from '../../src/cli/ingest.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { SqliteEngine } from '../../src/store/sqlite-engine.js';
import type { AnyTask } from '../../src/tasks/task.js';
import { toneTask } from '../fixtures/tasks/tone/annotate.js';
import { tempStore } from './fixtures.js';
import { inventedStory } from './invented-text.js';

/** A task under the provenance task's id that fails every article: an ingest that runs it skips them all. */
const failingProvenance = { ...toneTask, id: 'provenance', annotate: () => { throw new Error('the provenance task ran'); } } as unknown as AnyTask;

let t: ReturnType<typeof tempStore>;
let folder: string;
beforeEach(() => {
  t = tempStore('narrascope-prov-cli-');
  folder = join(t.dir, 'in');
  mkdirSync(folder);
  const story = inventedStory(21);
  writeFileSync(join(folder, 'first.txt'), `A harbour story\n\n${story}\n`);
  writeFileSync(join(folder, 'copy.txt'), `A harbour story\n\n${story}\n\nLeave a Reply\n`);
  writeFileSync(join(folder, 'other.txt'), `Another story\n\n${inventedStory(22)}\n`);
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  vi.restoreAllMocks();
  t.close();
});

describe('ingest --no-provenance', () => {
  it('drops the provenance task by id and keeps no index; without the flag the copies cluster', async () => {
    expect(withoutProvenance([toneTask as unknown as AnyTask, failingProvenance]).map((x) => x.id)).toEqual(['tone']);
    const off = join(t.dir, 'off.db');
    const common = { json: true, progress: false, priors: 'training' as const };
    expect(await runIngest([folder], { ...common, db: off, provenance: false, annotators: [failingProvenance] })).toBe(0);
    const offStore = new SqliteStore(off);
    expect(offStore.count()).toBe(3);
    expect(offStore.clusters().total).toBe(0);
    expect(offStore.provenanceOf('copy')!.note).toMatch(/--no-provenance/);
    offStore.close();

    const on = join(t.dir, 'on.db');
    expect(await runIngest([folder], { ...common, db: on, annotators: [] })).toBe(0);
    const onStore = new SqliteStore(on);
    expect(onStore.clusters().clusters.map((c) => c.size)).toEqual([2]);
    onStore.close();
  });
});

describe('delete', () => {
  it('deletes by id or hash prefix, reports names that match nothing, and updates the clusters', async () => {
    t.store.close();
    expect(await runIngest([folder], { db: t.store.path, json: true, progress: false, priors: 'training', annotators: [] })).toBe(0);
    const store = new SqliteStore(t.store.path);
    try {
      const prefix = store.get('copy')!.hash.slice(0, 10);
      expect(await deleteArticles(new SqliteEngine(store), [prefix, 'nothing-here', 'copy'])).toEqual({ deleted: ['copy'], missing: ['nothing-here'] });
      expect(store.count()).toBe(2);
      expect(store.clusters().total).toBe(0);
      expect(await deleteArticles(new SqliteEngine(store), ['nothing-here'])).toEqual({ deleted: [], missing: ['nothing-here'] });
      expect(store.checkConsistency()).toEqual([]);
    } finally {
      store.close();
    }
  });
});

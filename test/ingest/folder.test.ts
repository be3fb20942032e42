import { mkdir, symlink } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSources } from '../../src/ingest/index.js';
import { collect, tempFolder } from './helpers.js';

let t: Awaited<ReturnType<typeof tempFolder>>;
beforeEach(async () => {
  t = await tempFolder();
});
afterEach(async () => {
  await t.cleanup();
});

const rel = (paths: (string | undefined)[]) => paths.map((p) => relative(t.dir, p ?? '').split('\\').join('/'));

describe('plain folders', () => {
  it('reads every supported file recursively in sorted order, skipping hidden and annotation files', async () => {
    await t.write('b.txt', 'B title\nb\n');
    await t.write('a.txt', 'A title\na\n');
    await t.write('sub/c.txt', 'C title\nc\n');
    await t.write('sub/deeper/d.jsonl', '{"id":"d1","title":"D","text":"d"}\n');
    await t.write('Z.txt', 'Z title\nz\n');
    await t.write('.hidden.txt', 'hidden\n');
    await t.write('.git/objects/x.txt', 'hidden folder\n');
    await t.write('notes.md', '# not an article\n');
    await t.write('subtask-1-annotations.txt', 'a.txt\tX\t0\t1\tAntagonist\n');
    await t.write('a.task-si.labels', 'x\t1\t2\n');
    await t.write('train-labels-subtask-3.template', 'x\n');
    const { articles, problems } = await collect([t.dir]);
    expect(problems).toEqual([]);
    expect(rel(articles.map((a) => a.origin.path))).toEqual(['Z.txt', 'a.txt', 'b.txt', 'sub/c.txt', 'sub/deeper/d.jsonl']);
    expect(articles.map((a) => a.id)).toEqual(['Z', 'a', 'b', 'c', 'd1']);
  });

  it('reports bad files in a folder and goes on', async () => {
    await t.write('1.txt', '');
    await t.write('2.txt', Buffer.from([0, 1, 2]));
    await t.write('3.txt', 'Fine\nbody\n');
    const { items } = await collect([t.dir]);
    expect(items.map((i) => (i.ok ? 'ok' : i.problem.reason))).toEqual(['empty', 'binary', 'ok']);
  });

  it('reads a file once even when it is named twice, directly and through its folder', async () => {
    const path = await t.write('one.txt', 'One\nbody\n');
    const { articles } = await collect([path, t.dir, path]);
    expect(articles).toHaveLength(1);
  });

  it('survives a symbolic link loop', async () => {
    await t.write('x/a.txt', 'A\nbody\n');
    await symlink(t.dir, join(t.dir, 'x', 'loop'));
    const { articles } = await collect([t.dir]);
    expect(articles).toHaveLength(1);
  });

  it('yields the first article before later files are read (streaming)', async () => {
    await t.write('a.txt', 'A\nbody\n');
    await t.write('b.txt', 'B\nbody\n');
    await t.write('sub/x.txt', 'X\nbody\n');
    const gen = readSources([t.dir]);
    const first = await gen.next();
    expect(first.value).toMatchObject({ ok: true, article: { id: 'a' } });
    // The sub-folder is listed only when the walk reaches it.
    await t.write('sub/c.txt', 'C written after the first item\nbody\n');
    const rest: string[] = [];
    for await (const item of gen) if (item.ok) rest.push(item.article.id);
    expect(rest).toEqual(['b', 'c', 'x']);
  });
});

describe('corpus folders (SemEval / PTC layouts, invented content)', () => {
  async function semevalTree(): Promise<void> {
    await t.write('task/EN/train/raw-documents/EN_1.txt', 'Doc one\n\nbody\n');
    await t.write('task/EN/train/raw-documents/EN_2.txt', '\uFEFFDoc two\r\n\r\nbody\r\n');
    await t.write('task/EN/train/subtask-1-annotations.txt', 'EN_1.txt\tX\t0\t2\tAntagonist\tTyrant\n');
    await t.write('task/EN/train/subtask-2-annotations.txt', 'EN_1.txt\tOther\tOther\n');
    await t.write('task/EN/test/subtask-1-documents/EN_9.txt', 'Test nine\n\nbody\n');
    await t.write('task/EN/test/subtask-2-documents/EN_8.txt', 'Test eight\n\nbody\n');
    await t.write('task/EN/test/subtask-2-documents/EN_9.txt', 'Test nine\n\nbody\n');
    await t.write('task/EN/test/subtask-1-entity-mentions.txt', 'EN_9.txt\tX\t0\t2\n');
    await t.write('task/taxonomy/subtask2_narratives.txt', 'URW: Example\n');
    await t.write('task/docs/guidelines.extracted.txt', 'Not an article\n');
    await t.write('task/PROVENANCE.md', '# notes\n');
  }

  it('reads a split folder: only raw-documents, not the annotation files beside them', async () => {
    await semevalTree();
    const { articles, problems } = await collect([join(t.dir, 'task/EN/train')]);
    expect(problems).toEqual([]);
    expect(articles.map((a) => a.id)).toEqual(['EN_1', 'EN_2']);
    expect(articles.every((a) => a.origin.format === 'semeval')).toBe(true);
    expect(articles[1]!.raw).toBe('\uFEFFDoc two\r\n\r\nbody\r\n');
  });

  it('reads a whole task tree once per document: subtask-1 copies are not read again, taxonomy and docs are left out', async () => {
    await semevalTree();
    const { articles } = await collect([join(t.dir, 'task')]);
    expect(rel(articles.map((a) => a.origin.path))).toEqual([
      'task/EN/test/subtask-2-documents/EN_8.txt',
      'task/EN/test/subtask-2-documents/EN_9.txt',
      'task/EN/train/raw-documents/EN_1.txt',
      'task/EN/train/raw-documents/EN_2.txt',
    ]);
  });

  it('keeps documents that are only in the smaller copy folder', async () => {
    await t.write('EN/train-articles-subtask-3/article1.txt', 'One\n\nbody\n');
    await t.write('EN/train-articles-subtask-3/article2.txt', 'Two\n\nbody\n');
    await t.write('EN/train-articles-subtask-3/article4.txt', 'Four\n\nbody\n');
    await t.write('EN/train-articles-subtask-1/article1.txt', 'One\n\nbody \n');
    await t.write('EN/train-articles-subtask-1/article3.txt', 'Three\n\nbody\n');
    await t.write('EN/train-labels-subtask-1.txt', 'article1\topinion\n');
    await t.write('EN/test-articles-subtask-1/article7.txt', 'Seven\n\nbody\n');
    const { articles } = await collect([t.dir]);
    expect(rel(articles.map((a) => a.origin.path))).toEqual([
      'EN/test-articles-subtask-1/article7.txt',
      'EN/train-articles-subtask-3/article1.txt',
      'EN/train-articles-subtask-3/article2.txt',
      'EN/train-articles-subtask-3/article4.txt',
      'EN/train-articles-subtask-1/article3.txt',
    ]);
  });

  it('reads a PTC folder: train-articles and test-articles, not the .labels folders', async () => {
    await t.write('ptc/train-articles/article11.txt', 'Eleven\n\nbody\n');
    await t.write('ptc/train-labels-task-si/article11.task-si.labels', '11\t0\t3\n');
    await t.write('ptc/test-articles/article12.txt', 'Twelve\n\nbody\n');
    await t.write('ptc/propaganda-techniques-names.txt', 'Loaded_Language\n');
    await mkdir(join(t.dir, 'ptc/empty-dir'));
    const { articles, problems } = await collect([join(t.dir, 'ptc')]);
    expect(problems).toEqual([]);
    expect(articles.map((a) => a.id)).toEqual(['article12', 'article11']);
  });
});

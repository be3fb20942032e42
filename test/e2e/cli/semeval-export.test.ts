/**
 * One subtask-2 writer: `predict narratives` on a folder and the SemEval export of the same folder once
 * ingested (CLI and API) are byte-identical, "<narrative>: Other" and the hedge "Other" included.
 * Spawns dist/cli/main.js (rebuilt first when stale). Every article text here is invented.
 */
import { execFileSync } from 'node:child_process';
import { SqliteEngine } from '../../../src/store/sqlite-engine.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../../src/doc/article.js';
import { buildDoc } from '../../../src/pipeline.js';
import { createApp } from '../../../src/server/app.js';
import { SqliteStore } from '../../../src/store/sqlite.js';
import { FeatureHasher, TfidfSpace } from '../../../src/features/index.js';
import { annotateNarratives } from '../../../src/tasks/narratives/annotate.js';
import { formatSubtask2, subtask2RowOf } from '../../../src/tasks/narratives/io.js';
import { buildLabelSpace, labelNames } from '../../../src/tasks/narratives/labels.js';
import { MODEL_FORMAT, NarrativeModel } from '../../../src/tasks/narratives/model.js';
import type { Narratives } from '../../../src/schema.js';

const CLI = resolve('dist/cli/main.js');

const ARTICLES: Record<string, string> = {
  'EN_UA_demo_1.txt':
    'Western weapons only prolong the suffering, officials warn\n\n' +
    'The shipments of Western weapons will not change the outcome of the war, an invented commentator wrote on Monday. ' +
    'Every new package of arms only prolongs the fighting and pushes the world closer to a nuclear catastrophe.\n\n' +
    'The commentator claimed that Washington and Brussels provoked the conflict by expanding their military bloc to the east, ' +
    'and that the sanctions hurt Europeans far more than Moscow.\n\n' +
    'Diplomacy has failed because the West never wanted peace, the text concluded.\n',
  'EN_CC_demo_2.txt':
    'Climate activists fly to summit in private jets\n\n' +
    'Hundreds of climate activists and politicians arrived at the invented summit in private jets, critics pointed out. ' +
    'The green agenda is a scam to raise taxes on ordinary families, one speaker said.\n\n' +
    'The speaker added that the climate has always changed and that carbon dioxide is plant food.\n',
  'EN_XX_demo_3.txt':
    'Town library opens a new reading room\n\n' +
    'The town library opened a new reading room on Saturday. Children listened to stories and parents browsed the shelves.\n\n' +
    'The librarian thanked the volunteers who painted the walls over the summer.\n',
};

const run = (args: string[], cwd: string) => execFileSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('predict narratives = export --format semeval-subtask2', () => {
  let dir: string;
  let predicted: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'narrascope-semeval-'));
    mkdirSync(join(dir, 'docs'));
    for (const [name, text] of Object.entries(ARTICLES)) writeFileSync(join(dir, 'docs', name), text);
    predicted = run(['predict', 'narratives', 'docs'], dir);
    run(['ingest', 'docs', '--db', 'x.db', '--no-progress'], dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('predicts one row per article, named by file', () => {
    expect(predicted.split('\n').filter(Boolean).map((l) => l.split('\t')[0])).toEqual(Object.keys(ARTICLES).sort());
    // The unrelated article is "Other" on both levels; narratives always come with a sub-narrative column.
    expect(predicted).toMatch(/^EN_XX_demo_3\.txt\tOther\tOther$/m);
  });

  it('the CLI export of the ingested folder is the same file', () => {
    expect(run(['export', '--db', 'x.db', '--format', 'semeval-subtask2'], dir)).toBe(predicted);
  });

  it('the API export of the ingested folder is the same file', async () => {
    const path = join(dir, 'x.db');
    const store = new SqliteStore(path);
    try {
      const app = createApp({ store: new SqliteEngine(store), analyze: () => { throw new Error('not used'); }, limits: { jsonBytes: 1024, uploadBytes: 1024 }, log: () => {} });
      const res = await app.request('/api/export?format=semeval-subtask2');
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(predicted);
    } finally {
      store.close();
    }
  });
});

// A model with fixed probabilities (zero weights, chosen biases) over invented labels, as in
// test/narratives/hierarchy.test.ts: the decoder's answer is known in advance.
const taxonomy = {
  narratives: ['CC: Alpha', 'URW: Beta', 'Other'],
  subNarratives: ['CC: Alpha: One', 'URW: Beta: Two', 'URW: Beta: Three', 'URW: Beta: Other', 'Other'],
};
function fixedModel(probs: number[], hedgeOther: number): NarrativeModel {
  const gold = [
    { id: '1', narratives: ['URW: Beta'], subNarratives: ['URW: Beta: Two'] },
    { id: '2', narratives: ['URW: Beta'], subNarratives: ['URW: Beta: Three', 'URW: Beta: Other'] },
    { id: '3', narratives: ['CC: Alpha'], subNarratives: ['CC: Alpha: One'] },
  ];
  const space = buildLabelSpace(gold, taxonomy.narratives, true);
  const names = labelNames(space);
  const h = new FeatureHasher({ bits: 12 });
  const tf = TfidfSpace.fit(['tanks at dawn', 'talks stall', 'glaciers melt'].map((t) => h.counts(t)), 1 << 12, { minDf: 1 });
  const logit = (p: number) => Math.log(p / (1 - p));
  const linear = { outputs: names, q: new Int8Array(tf.size * names.length), scales: new Float32Array(names.length).fill(1), bias: Float32Array.from(probs.map(logit)) };
  const S = space.subNarratives.length;
  return new NarrativeModel(
    {
      format: MODEL_FORMAT, lang: 'en', version: 'test', seed: 1, hasher: { bits: 12, wordNgrams: [1, 2], charNgrams: [2, 5] }, tfidf: tf.options, labels: space, taxonomy, training: {},
      decode: { other: 0.5, narrative: [0.5, 0.5], sub: new Array(S).fill(0.5), singleDomain: false, otherBy: 'narrative', hedgeOther },
    },
    tf,
    linear,
  );
}
const doc = () => buildDoc(createArticle({ raw: 'An invented title\n\nTanks cross the river at dawn. The talks stall.', origin: { format: 'text' } }), {}, 'en').doc;

describe('subtask2RowOf: the submission row of a stored analysis', () => {
  it('keeps a scored "<narrative>: Other" beside a specific sub-narrative, and the hedge "Other"', () => {
    const model = fixedModel([], 2);
    const names = labelNames(model.labels);
    expect(names).toEqual(['URW', 'CC', 'CC: Alpha', 'URW: Beta', 'CC: Alpha: One', 'URW: Beta: Other', 'URW: Beta: Three', 'URW: Beta: Two']);
    // Domains doubtful (URW 0.3): the hedge (0.6) fires; "URW: Beta: Other" and "…: Two" over 0.5.
    const hedged = fixedModel([0.3, 0.1, 0.1, 0.7, 0.1, 0.8, 0.1, 0.6], 0.6);
    const decoded = hedged.decode(hedged.probabilities(hedged.vectorize('x')));
    expect(decoded).toMatchObject({ narratives: ['URW: Beta', 'Other'], subNarratives: ['URW: Beta: Other', 'URW: Beta: Two', 'Other'] });
    const n = annotateNarratives(doc(), hedged);
    // The reader-facing lists stay free of catch-alls; the submission row keeps them.
    expect(n.subNarratives.map((s) => s.label)).toEqual(['URW: Beta: Two']);
    expect(subtask2RowOf('a.txt', n)).toEqual({ id: 'a.txt', narratives: decoded.narratives, subNarratives: decoded.subNarratives });
    expect(formatSubtask2([subtask2RowOf('a.txt', n)!])).toBe('a.txt\tURW: Beta;Other\tURW: Beta: Other;URW: Beta: Two;Other\n');
  });

  it('writes "<narrative>: Other" for a narrative without a specific sub-narrative, never a bare "Other"', () => {
    const model = fixedModel([0.9, 0.1, 0.1, 0.7, 0.1, 0.1, 0.1, 0.1], 2);
    const n = annotateNarratives(doc(), model);
    expect(n.subNarratives).toEqual([]);
    expect(subtask2RowOf('b', n)).toEqual({ id: 'b', narratives: ['URW: Beta'], subNarratives: ['URW: Beta: Other'] });
  });

  it('rebuilds the row of an analysis stored before the `semeval` field, and skips a section that did not run', () => {
    const old: Narratives = {
      status: 'ok',
      domain: { label: 'URW', score: 0.9 },
      narratives: [
        { label: 'URW: Beta', score: 0.7, evidence: [] },
        { label: 'CC: Alpha', score: 0.6, evidence: [] },
      ],
      subNarratives: [{ label: 'CC: Alpha: One', narrative: 'CC: Alpha', score: 0.6, evidence: [] }],
      dominant: null,
    };
    expect(subtask2RowOf('c', old)).toEqual({ id: 'c', narratives: ['URW: Beta', 'CC: Alpha'], subNarratives: ['CC: Alpha: One', 'URW: Beta: Other'] });
    expect(subtask2RowOf('d', { ...old, narratives: [], subNarratives: [] })).toEqual({ id: 'd', narratives: ['Other'], subNarratives: ['Other'] });
    expect(subtask2RowOf('e', { status: 'unavailable', reason: 'x', domain: null, narratives: [], subNarratives: [], dominant: null })).toBeNull();
    expect(subtask2RowOf('f', undefined)).toBeNull();
  });
});

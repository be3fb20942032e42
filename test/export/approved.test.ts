/** export --approved: the effective labels (the model's with the analysts' current decisions applied) as JSONL and in the SemEval formats. */
import { describe, expect, it } from 'vitest';
import { approvedChunks, approvedEntities, approvedSpans, type ApprovedSource } from '../../src/export/approved.js';
import type { Analysis } from '../../src/schema.js';
import type { Annotation, AnnotationInput } from '../../src/store/annotations.js';
import type { ExportRecord } from '../../src/store/queries.js';
import { analyzeArticle } from '../../src/pipeline.js';
import { createArticle } from '../../src/doc/article.js';

const RAW = 'Mayor Ada Crowley slams the tram\n\nMayor Ada Crowley called the tram a disgrace. The council is a gang of thieves, she said.\n';
const BASE: Analysis = analyzeArticle(createArticle({ id: 'a1', raw: RAW, origin: { format: 'text', path: 'a1.txt' } }), { language: 'en' });

/** The article's analysis with one entity and two technique spans the test controls. */
const ANALYSIS: Analysis = {
  ...BASE,
  entities: [{ name: 'Ada Crowley', mentions: [{ start: 6, end: 17, text: 'Ada Crowley' }], mainRole: 'Antagonist', fineRoles: [{ role: 'Corrupt', score: 0.6 }], confidence: 0.7, evidence: [] }],
  techniques: { spans: [
    { start: 59, end: 69, technique: 'Loaded_Language', confidence: 0.8, source: 'm', text: RAW.slice(59, 69) },
    { start: 71, end: 100, technique: 'Name_Calling-Labeling', confidence: 0.7, source: 'm', text: RAW.slice(71, 100) },
  ], summary: [] },
};

const record = (id: string, path: string): ExportRecord => ({ id, title: 'Mayor Ada Crowley slams the tram', raw: RAW, language: 'en', origin: { format: 'text', path }, analysis: ANALYSIS });

let n = 0;
const decision = (articleId: string, input: AnnotationInput, extra: Partial<Annotation> = {}): Annotation => ({ id: `d${++n}`, articleId, author: 'ana', createdAt: `2026-02-01T00:00:${String(n).padStart(2, '0')}Z`, modelVersion: 'm', current: true, ...input, ...extra });

const DECISIONS: Annotation[] = [
  decision('a1', { task: 'narratives', label: 'GH: The tram is a waste', decision: 'add' }),
  decision('a1', { task: 'entities', entity: 'Ada Crowley', label: 'Antagonist', decision: 'reject' }),
  decision('a1', { task: 'entities', entity: 'Ada Crowley', label: 'Protagonist', decision: 'add' }),
  decision('a1', { task: 'entities', entity: 'Ada Crowley', label: 'Corrupt', decision: 'reject' }),
  decision('a1', { task: 'techniques', label: 'Loaded_Language', span: { start: 59, end: 69 }, decision: 'reject' }),
  decision('a1', { task: 'techniques', label: 'Doubt', span: { start: 0, end: 32 }, decision: 'add' }),
  decision('a1', { task: 'frames', label: 'Economic', decision: 'add' }),
  // An article with a decision on genre only: in JSONL, not in the SemEval files.
  decision('a2', { task: 'genre', label: 'satire', decision: 'add' }),
];

const source = (records: ExportRecord[], decisions: Annotation[]): ApprovedSource => ({
  async *exportRecords() {
    yield* records;
  },
  annotations: {
    async *allAnnotations() {
      yield* decisions;
    },
  },
});

async function text(format: Parameters<typeof approvedChunks>[0], limit?: number): Promise<{ text: string; count: number }> {
  const count = { n: 0 };
  let out = '';
  // a3 has no decision: never exported.
  for await (const chunk of await approvedChunks(format, source([record('a1', 'a1.txt'), record('a2', 'a2.txt'), record('a3', 'a3.txt')], DECISIONS), {}, limit, count)) out += chunk;
  return { text: out, count: count.n };
}

describe('approved exports', () => {
  it('writes the approved narratives in the subtask-2 format, articles with a narratives decision only', async () => {
    const { text: out, count } = await text('semeval-subtask2');
    expect(count).toBe(1);
    const [id, narratives, subs] = out.trim().split('\t');
    expect(id).toBe('a1.txt');
    expect(narratives.split(';')).toContain('GH: The tram is a waste');
    expect(subs.split(';')).toContain('GH: The tram is a waste: Other');
  });

  it('writes the changed entity role in the subtask-1 format', async () => {
    const { text: out } = await text('semeval-subtask1');
    expect(out).toBe('a1.txt\tAda Crowley\t6\t16\tProtagonist\n');
  });

  it('writes the technique spans with the rejected one out and the added one in', async () => {
    const { text: out } = await text('semeval-spans');
    expect(out.trim().split('\n')).toEqual(['a1\tDoubt\t0\t32', 'a1\tName_Calling-Labeling\t71\t100']);
  });

  it('writes every decided article as JSONL with its labels and decisions', async () => {
    const { text: out, count } = await text('jsonl');
    expect(count).toBe(2);
    const [a1, a2] = out.trim().split('\n').map((l) => JSON.parse(l));
    expect(a1.text).toContain('called the tram a disgrace');
    expect(a1.entities).toEqual([{ name: 'Ada Crowley', mainRole: 'Protagonist', fineRoles: [] }]);
    expect(a1.frames).toContain('Economic');
    expect(a1.decisions).toHaveLength(7);
    expect(a1.decisions[0]).toMatchObject({ task: 'narratives', decision: 'add', author: 'ana' });
    expect(a2.genre).toBe('satire');
    expect((await text('jsonl', 1)).count).toBe(1);
  });

  it('leaves out an entity whose main role was rejected and not replaced', () => {
    const only = [decision('a1', { task: 'entities', entity: 'Ada Crowley', label: 'Antagonist', decision: 'reject' })];
    expect(approvedEntities(ANALYSIS.entities!, only)).toEqual([]);
  });

  it('applies the latest decision on a span', () => {
    const span = { start: 59, end: 69 };
    const decisions = [decision('a1', { task: 'techniques', label: 'Loaded_Language', span, decision: 'reject' }), decision('a1', { task: 'techniques', label: 'Loaded_Language', span, decision: 'accept' }, { author: 'ben' })];
    expect(approvedSpans(ANALYSIS.techniques!.spans, decisions, RAW).map((s) => s.technique)).toEqual(['Loaded_Language', 'Name_Calling-Labeling']);
  });
});

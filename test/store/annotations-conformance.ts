/**
 * The behaviour every engine's annotation and token stores must have (src/store/annotations.ts): call
 * describeAnnotationStore with a factory for the engine and its tests run against it. Invented articles with
 * labels set by hand, not the shipped models.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { analyzeArticle } from '../../src/pipeline.js';
import type { Analysis } from '../../src/schema.js';
import { ANNOTATION_CHUNK, TOKEN_PREFIX } from '../../src/store/annotation-records.js';
import { AnnotationError, type Annotation, type AnnotationInput, type AnnotationStore } from '../../src/store/annotations.js';
import type { StorageEngine } from '../../src/store/engine.js';
import { modelVersionOf } from '../../src/store/labels.js';
import type { StoreItem } from '../../src/store/types.js';
import type { EngineHandle } from './conformance.js';

export interface AnnotationHandle extends EngineHandle {
  /** Every row of every table of the store, as one text (to look for a secret stored in clear). */
  allRowsText(): Promise<string>;
  /** Runs one SQL statement on the store directly, past the engine. */
  exec(sql: string): Promise<void>;
}

async function collect<T>(walk: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of walk) out.push(x);
  return out;
}

const BLAME = 'URW: Blaming the war on others rather than the invader';
const PRAISE = 'URW: Praise of Russia';

// Invented texts, written for these tests.
const DOCK_RAW = 'Dock strike ends in Lindenvik\n\nThe invented dockers of Lindenvik went back to work after a shameful week, the example council said.\n';
const LOADED = 'shameful week';

/** An invented article with a narrative, an entity and a technique span set by hand; `version` is its model version. */
function item(id: string, raw: string, version = '1'): StoreItem {
  const article = createArticle({ raw, id, origin: { path: `${id}.txt`, format: 'text' } });
  const analysis: Analysis = analyzeArticle(article, { annotators: [] });
  analysis.narratives = {
    status: 'ok',
    domain: { label: 'URW', score: 0.9 },
    narratives: [{ label: BLAME, score: 0.71, evidence: [] }],
    subNarratives: [],
    dominant: null,
  };
  analysis.entities = [{ name: 'Lindenvik', mentions: [], mainRole: 'Innocent', fineRoles: [{ role: 'Victim', score: 0.55 }], confidence: 0.8, evidence: [] }];
  const start = raw.indexOf(LOADED);
  const span = start < 0 ? [] : [{ start, end: start + LOADED.length, technique: 'Loaded_Language', confidence: 0.66, source: 'fixture', text: LOADED }];
  analysis.techniques = { spans: span, summary: span.length ? [{ technique: 'Loaded_Language', count: 1, score: 0.66 }] : [] };
  analysis.models = [{ task: 'fixture', version }];
  return { article, analysis };
}

/** The invented article the suite annotates, for tests of their own. */
export const sampleItem = (id: string): StoreItem => item(id, DOCK_RAW);

const accept = (label = BLAME): AnnotationInput => ({ task: 'narratives', label, decision: 'accept' });
const reject = (label = BLAME): AnnotationInput => ({ task: 'narratives', label, decision: 'reject' });

/** The AnnotationError a promise rejects with. */
async function refusal(p: Promise<unknown>): Promise<AnnotationError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AnnotationError);
  return err as AnnotationError;
}

export function describeAnnotationStore(name: string, create: () => Promise<AnnotationHandle>): void {
  describe(`annotations and tokens: ${name}`, () => {
    let h: AnnotationHandle;
    let engine: StorageEngine;
    let notes: AnnotationStore;
    let extra: StorageEngine[];
    beforeEach(async () => {
      h = await create();
      engine = h.engine;
      notes = engine.annotations;
      extra = [];
      await engine.putBatch([item('dock', DOCK_RAW)]);
    });
    afterEach(async () => {
      for (const e of extra) await e.close();
      await engine.close();
      await h.cleanup();
    });
    const second = async () => {
      const e = await h.connect();
      extra.push(e);
      return e;
    };
    const version = modelVersionOf(item('dock', DOCK_RAW).analysis);

    describe('annotate', () => {
      it('stores a decision with its author, time, model version and the model label it overrides', async () => {
        const before = Date.now();
        const result = await notes.annotate({ articleId: 'dock', author: 'mira', decisions: [{ ...accept(), note: 'clear case' }], modelVersion: version });
        expect(result.revision).toBe(1);
        expect(result.conflicts).toEqual([]);
        const [a] = result.annotations;
        expect(a).toMatchObject({
          articleId: 'dock', articleHash: item('dock', DOCK_RAW).article.hash, task: 'narratives', label: BLAME, decision: 'accept',
          note: 'clear case', author: 'mira', modelVersion: version, overrides: { label: BLAME, score: 0.71 }, current: true,
        });
        expect(Date.parse(a.createdAt)).toBeGreaterThanOrEqual(before - 1000);
        expect(await notes.annotationsOf('dock')).toEqual({ revision: 1, annotations: [a] });
      });

      it('looks up the overridden label of an entity role and of a technique span; an added label overrides nothing', async () => {
        const start = DOCK_RAW.indexOf(LOADED);
        const { annotations } = await notes.annotate({
          articleId: 'dock',
          author: 'mira',
          decisions: [
            { task: 'entities', entity: 'Lindenvik', label: 'Innocent', decision: 'reject' },
            { task: 'entities', entity: 'Lindenvik', label: 'Victim', decision: 'accept' },
            { task: 'techniques', label: 'Loaded_Language', span: { start: start + 2, end: start + LOADED.length }, decision: 'accept' },
            { task: 'narratives', label: PRAISE, decision: 'add' },
          ],
        });
        expect(annotations.map((a) => a.overrides)).toEqual([
          { label: 'Innocent', score: 0.8 },
          { label: 'Victim', score: 0.55 },
          { label: 'Loaded_Language', score: 0.66 },
          undefined,
        ]);
        expect(annotations[2].span).toEqual({ start: start + 2, end: start + LOADED.length });
        expect(annotations[0].entity).toBe('Lindenvik');
      });

      it('supersedes an author\'s earlier decision on the same target and keeps it', async () => {
        const first = (await notes.annotate({ articleId: 'dock', author: 'mira', decisions: [accept()] })).annotations[0];
        const later = (await notes.annotate({ articleId: 'dock', author: 'mira', decisions: [reject()] })).annotations[0];
        const { revision, annotations } = (await notes.annotationsOf('dock'))!;
        expect(revision).toBe(2);
        expect(annotations.map((a) => [a.id, a.decision, a.current])).toEqual([
          [first.id, 'accept', false],
          [later.id, 'reject', true],
        ]);
        expect((await collect(notes.allAnnotations())).map((a) => a.id)).toEqual([later.id]);
        expect((await collect(notes.allAnnotations({ currentOnly: false }))).map((a) => a.id)).toEqual([first.id, later.id]);
      });

      it('supersedes within one request, and only on the same target (entity and span are part of it)', async () => {
        const { annotations } = await notes.annotate({
          articleId: 'dock',
          author: 'mira',
          decisions: [
            accept(),
            reject(),
            { task: 'techniques', label: 'Loaded_Language', span: { start: 0, end: 4 }, decision: 'add' },
            { task: 'techniques', label: 'Loaded_Language', span: { start: 5, end: 9 }, decision: 'add' },
          ],
        });
        expect(annotations.map((a) => a.current)).toEqual([false, true, true, true]);
      });

      it('records two annotators\' disagreement, and a save on a stale revision is stored and reported as a conflict', async () => {
        const seen = (await notes.annotationsOf('dock'))!.revision;
        const mira = await notes.annotate({ articleId: 'dock', author: 'mira', decisions: [accept(), accept(PRAISE)], revision: seen });
        expect(mira.revision).toBe(1);
        // Jonas loaded the article before Mira saved, and saves on revision 0.
        const jonas = await notes.annotate({ articleId: 'dock', author: 'jonas', decisions: [reject(), { ...accept(PRAISE), decision: 'add' }], revision: seen });
        expect(jonas.revision).toBe(2);
        const [miraBlame] = mira.annotations;
        const [jonasBlame] = jonas.annotations;
        expect(jonas.conflicts.map((c) => c.id).sort()).toEqual([miraBlame.id, jonasBlame.id].sort());
        expect(jonasBlame.conflictsWith).toEqual([miraBlame.id]);
        expect(jonas.annotations[1].conflictsWith).toBeUndefined(); // accept and add agree
        const stored = (await notes.annotationsOf('dock'))!;
        expect(stored.revision).toBe(2);
        expect(stored.annotations).toHaveLength(4);
        expect(stored.annotations.every((a) => a.current)).toBe(true);
        expect(stored.annotations.find((a) => a.id === miraBlame.id)!.conflictsWith).toEqual([jonasBlame.id]);
      });

      it('stores two annotators saving at once on two connections: nothing lost, revisions in turn', async () => {
        const other = await second();
        // A first decision, so that the article's revision row exists and the two below contend for it.
        await notes.annotate({ articleId: 'dock', author: 'ada', decisions: [accept(PRAISE)] });
        for (let round = 0; round < 3; round++) {
          const seen = (await notes.annotationsOf('dock'))!.revision;
          const [a, b] = await Promise.all([
            notes.annotate({ articleId: 'dock', author: 'mira', decisions: [round % 2 ? reject() : accept()], revision: seen }),
            other.annotations.annotate({ articleId: 'dock', author: 'jonas', decisions: [round % 2 ? accept() : reject()], revision: seen }),
          ]);
          expect([a.revision, b.revision].sort()).toEqual([seen + 1, seen + 2]);
          const later = a.revision === seen + 2 ? a : b;
          expect(later.conflicts).toHaveLength(2);
        }
        const stored = (await notes.annotationsOf('dock'))!;
        expect(stored.revision).toBe(7);
        expect(stored.annotations.map((x) => x.author).sort()).toEqual(['ada', ...Array(3).fill('jonas'), ...Array(3).fill('mira')]);
        expect(stored.annotations.filter((x) => x.current).map((x) => x.author).sort()).toEqual(['ada', 'jonas', 'mira']);
      });

      it('refuses a stale model version with 409 and stores nothing', async () => {
        const err = await refusal(notes.annotate({ articleId: 'dock', author: 'mira', decisions: [accept()], modelVersion: 'schema@0,narratives@old' }));
        expect([err.status, err.field]).toEqual([409, 'modelVersion']);
        expect(await notes.annotationsOf('dock')).toEqual({ revision: 0, annotations: [] });
      });

      it('refuses a span outside the article, naming the decision, and stores none of the request', async () => {
        const end = DOCK_RAW.length;
        for (const span of [{ start: end - 2, end: end + 1 }, { start: 5, end: 5 }, { start: -1, end: 3 }, { start: 1.5, end: 3 }]) {
          const err = await refusal(
            notes.annotate({ articleId: 'dock', author: 'mira', decisions: [accept(), { task: 'techniques', label: 'Doubt', span, decision: 'add' }] }),
          );
          expect([err.status, err.field]).toEqual([400, 'decisions[1].span']);
        }
        expect(await notes.annotationsOf('dock')).toEqual({ revision: 0, annotations: [] });
      });

      it('names the bad field of a request', async () => {
        const cases: [Parameters<AnnotationStore['annotate']>[0], string][] = [
          [{ articleId: 'dock', author: 'mira', decisions: [] }, 'decisions'],
          [{ articleId: 'dock', author: '', decisions: [accept()] }, 'author'],
          [{ articleId: 'dock', author: 'mira', decisions: [accept(), { ...accept(), decision: 'maybe' as 'add' }] }, 'decisions[1].decision'],
          [{ articleId: 'dock', author: 'mira', decisions: [{ task: 'entities', label: 'Victim', decision: 'add' }] }, 'decisions[0].entity'],
          [{ articleId: 'dock', author: 'mira', decisions: [{ task: 'weather', label: 'rain', decision: 'add' }] }, 'decisions[0].task'],
          [{ articleId: 'dock', author: 'mira', decisions: [{ ...accept(), label: ' ' }] }, 'decisions[0].label'],
          [{ articleId: 'dock', author: 'mira', decisions: [{ ...accept(), note: 'a\u0000b' }] }, 'decisions[0].note'],
          [{ articleId: 'dock', author: 'mira', decisions: [accept(), null as unknown as AnnotationInput] }, 'decisions[1]'],
          [{ articleId: 'dock', author: 'mira', decisions: [accept()], revision: -1 }, 'revision'],
          [{ articleId: 'dock', author: 'mira', decisions: [accept()], revision: 7 }, 'revision'],
        ];
        for (const [request, field] of cases) {
          const err = await refusal(notes.annotate(request));
          expect([err.status, err.field, err.message.includes(field)]).toEqual([400, field, true]);
        }
        const missing = await refusal(notes.annotate({ articleId: 'nowhere', author: 'mira', decisions: [accept()] }));
        expect([missing.status, missing.field]).toEqual([404, 'id']);
        expect(await notes.annotationsOf('nowhere')).toBeUndefined();
        expect(await notes.annotationsOf('dock')).toEqual({ revision: 0, annotations: [] });
      });

      it('keeps decisions through a re-analysis, which makes the earlier model version stale', async () => {
        const before = (await notes.annotate({ articleId: 'dock', author: 'mira', decisions: [accept()], modelVersion: version })).annotations;
        const next = item('dock', DOCK_RAW, '2').analysis;
        expect(await engine.putAnalysis('dock', next)).toBe(true);
        expect((await notes.annotationsOf('dock'))!.annotations).toEqual(before);
        const err = await refusal(notes.annotate({ articleId: 'dock', author: 'mira', decisions: [reject()], modelVersion: version }));
        expect(err.status).toBe(409);
        const later = await notes.annotate({ articleId: 'dock', author: 'mira', decisions: [reject()], modelVersion: modelVersionOf(next) });
        expect(later.annotations[0].modelVersion).toBe(modelVersionOf(next));
        expect(later.annotations[0].modelVersion).not.toBe(before[0].modelVersion);
      });

      it('keeps decisions on a deleted article readable, refuses new ones, and finds them again when the text returns', async () => {
        const { annotations } = await notes.annotate({ articleId: 'dock', author: 'mira', decisions: [accept()] });
        expect(await engine.delete(['dock'])).toBe(1);
        const err = await refusal(notes.annotate({ articleId: 'dock', author: 'mira', decisions: [reject()] }));
        expect([err.status, err.field]).toEqual([404, 'id']);
        expect(await notes.annotationsOf('dock')).toBeUndefined();
        expect((await collect(notes.allAnnotations())).map((a) => a.id)).toEqual([annotations[0].id]);
        await engine.putBatch([item('dock-again', DOCK_RAW)]);
        expect(await notes.annotationsOf('dock-again')).toEqual({ revision: 1, annotations });
      });

      it('refuses to delete or rewrite a decision past the engine (append-only)', async () => {
        const { annotations } = await notes.annotate({ articleId: 'dock', author: 'mira', decisions: [accept()] });
        await expect(h.exec('DELETE FROM annotations')).rejects.toThrow(/append-only/);
        await expect(h.exec(`UPDATE annotations SET decision = 'reject'`)).rejects.toThrow(/append-only/);
        expect((await notes.annotationsOf('dock'))!.annotations).toEqual(annotations);
      });
    });

    describe('allAnnotations', () => {
      it('walks every decision in article then time order, past several chunks, with filters', async () => {
        await engine.putBatch([item('anchor', 'Anchor day in Port Amsel\n\nAn invented crowd cheered the example anchor.\n')]);
        const labels = Array.from({ length: ANNOTATION_CHUNK + 20 }, (_, i) => `invented label ${i}`);
        await notes.annotate({ articleId: 'dock', author: 'mira', decisions: labels.map((l) => ({ task: 'narratives', label: l, decision: 'add' })) });
        await notes.annotate({ articleId: 'anchor', author: 'jonas', decisions: [accept(), { task: 'genre', label: 'satire', decision: 'add' }] });
        await notes.annotate({ articleId: 'dock', author: 'jonas', decisions: [reject()] });
        const all = await collect(notes.allAnnotations());
        expect(all).toHaveLength(labels.length + 3);
        expect(all.slice(0, 2).map((a) => a.label)).toEqual([BLAME, 'satire']);
        expect(all.slice(2, 2 + labels.length).map((a) => a.label)).toEqual(labels);
        expect(all.at(-1)).toMatchObject({ articleId: 'dock', author: 'jonas', decision: 'reject' });
        const byTime = (xs: Annotation[]) => xs.every((a, i) => i === 0 || a.articleId !== xs[i - 1].articleId || a.createdAt >= xs[i - 1].createdAt);
        expect(byTime(all)).toBe(true);
        expect((await collect(notes.allAnnotations({ author: 'jonas' }))).map((a) => a.label)).toEqual([BLAME, 'satire', BLAME]);
        expect((await collect(notes.allAnnotations({ task: 'genre' }))).map((a) => a.label)).toEqual(['satire']);
      });
    });

    describe('copying to another store', () => {
      let target: AnnotationHandle;
      beforeEach(async () => {
        target = await create();
        await target.engine.putBatch([item('dock', DOCK_RAW)]);
      });
      afterEach(async () => {
        await target.engine.close();
        await target.cleanup();
      });

      it('copies decisions as they were (ids, times, superseded ones), moves the revision, and skips them on a rerun', async () => {
        await notes.annotate({ articleId: 'dock', author: 'mira', decisions: [accept()] });
        await notes.annotate({ articleId: 'dock', author: 'mira', decisions: [reject()] });
        await notes.annotate({ articleId: 'dock', author: 'jonas', decisions: [accept(), { task: 'entities', entity: 'Lindenvik', label: 'Victim', decision: 'accept' }] });
        const records = await collect(notes.allAnnotations({ currentOnly: false }));
        expect(await target.engine.annotations.importAnnotations(records)).toEqual({ imported: 4, skipped: 0 });
        const copied = (await target.engine.annotations.annotationsOf('dock'))!;
        expect(copied.annotations).toEqual((await notes.annotationsOf('dock'))!.annotations);
        expect(copied.revision).toBe(1);
        expect(await target.engine.annotations.importAnnotations(records)).toEqual({ imported: 0, skipped: 4 });
        expect((await target.engine.annotations.annotationsOf('dock'))!.revision).toBe(1);
      });

      it('keeps the target\'s newer decision current over an older copied one, and refuses a record without its article hash', async () => {
        const [older] = (await notes.annotate({ articleId: 'dock', author: 'mira', decisions: [accept()] })).annotations;
        await new Promise((r) => setTimeout(r, 5));
        const [newer] = (await target.engine.annotations.annotate({ articleId: 'dock', author: 'mira', decisions: [reject()] })).annotations;
        const { articleHash: _, ...unhashed } = older;
        const err = await refusal(target.engine.annotations.importAnnotations([older, unhashed]));
        expect([err.status, err.field]).toEqual([400, 'records[1].articleHash']);
        expect(await target.engine.annotations.importAnnotations([older])).toEqual({ imported: 1, skipped: 0 });
        const rows = (await target.engine.annotations.annotationsOf('dock'))!.annotations;
        expect(rows.map((a) => [a.id, a.current])).toEqual([
          [newer.id, true],
          [older.id, false],
        ]);
      });

      it('copies tokens by their hashes: the same secrets work there, a revoked one stays revoked', async () => {
        const live = await engine.tokens.createToken('mira', 'annotator');
        const gone = await engine.tokens.createToken('jonas', 'viewer');
        await engine.tokens.revokeToken('jonas');
        const exported = await engine.tokens.exportTokens();
        const sha = (secret: string) => createHash('sha256').update(secret).digest('hex');
        expect(exported.map((t) => [t.name, t.secretHash, t.revokedAt !== undefined]).sort()).toEqual([
          ['jonas', sha(gone.secret), true],
          ['mira', sha(live.secret), false],
        ]);
        expect(await target.engine.tokens.importTokens(exported)).toBe(2);
        expect(await target.engine.tokens.verifyToken(live.secret)).toMatchObject({ name: 'mira', role: 'annotator' });
        expect(await target.engine.tokens.verifyToken(gone.secret)).toBeUndefined();
        expect(await target.engine.tokens.importTokens(exported)).toBe(0);
        const bad = await refusal(target.engine.tokens.importTokens([{ ...exported[0], name: 'ada', secretHash: 'plain secret' }]));
        expect(bad.field).toBe('tokens[0].secretHash');
      });
    });

    describe('tokens', () => {
      it('returns the secret once and stores only its SHA-256 hash', async () => {
        const { secret, info } = await engine.tokens.createToken('mira', 'annotator');
        expect(secret.startsWith(TOKEN_PREFIX)).toBe(true);
        expect(Buffer.from(secret.slice(TOKEN_PREFIX.length), 'base64url')).toHaveLength(32);
        expect(info).toMatchObject({ name: 'mira', role: 'annotator' });
        await engine.tokens.logWrite({ at: new Date().toISOString(), author: 'mira', action: 'token.create', target: 'mira' });
        const everything = await h.allRowsText();
        expect(everything).toContain(createHash('sha256').update(secret).digest('hex'));
        expect(everything).not.toContain(secret.slice(TOKEN_PREFIX.length));
        expect(await engine.tokens.verifyToken(secret)).toMatchObject({ name: 'mira', role: 'annotator' });
        expect(await engine.tokens.verifyToken(secret + 'x')).toBeUndefined();
        expect(await engine.tokens.verifyToken('')).toBeUndefined();
      });

      it('revokes at once, on every connection', async () => {
        const { secret } = await engine.tokens.createToken('jonas', 'viewer');
        const other = await second();
        expect(await other.tokens.verifyToken(secret)).toMatchObject({ name: 'jonas' });
        expect(await engine.tokens.revokeToken('jonas')).toBe(true);
        expect(await other.tokens.verifyToken(secret)).toBeUndefined();
        expect(await engine.tokens.verifyToken(secret)).toBeUndefined();
        const [listed] = await engine.tokens.listTokens();
        expect(listed.revokedAt).toBeDefined();
        expect(await engine.tokens.revokeToken('jonas')).toBe(true);
        expect((await engine.tokens.listTokens())[0].revokedAt).toBe(listed.revokedAt);
        expect(await engine.tokens.revokeToken('nobody')).toBe(false);
      });

      it('refuses a name in use (also a revoked one), a bad name and a bad role', async () => {
        await engine.tokens.createToken('ada', 'admin');
        const dup = await refusal(engine.tokens.createToken('ada', 'viewer'));
        expect([dup.status, dup.field]).toEqual([409, 'name']);
        await engine.tokens.revokeToken('ada');
        expect((await refusal(engine.tokens.createToken('ada', 'viewer'))).status).toBe(409);
        expect((await refusal(engine.tokens.createToken('no spaces', 'viewer'))).field).toBe('name');
        expect((await refusal(engine.tokens.createToken('bo', 'owner' as 'admin'))).field).toBe('role');
        expect((await engine.tokens.listTokens()).map((t) => [t.name, t.role])).toEqual([['ada', 'admin']]);
      });

      it('notes when a token was last used, at most once a minute', async () => {
        const { secret } = await engine.tokens.createToken('mira', 'annotator');
        expect((await engine.tokens.listTokens())[0].lastUsedAt).toBeUndefined();
        const first = (await engine.tokens.verifyToken(secret))!.lastUsedAt;
        expect(first).toBeDefined();
        expect((await engine.tokens.verifyToken(secret))!.lastUsedAt).toBe(first);
        expect((await engine.tokens.listTokens())[0].lastUsedAt).toBe(first);
      });

      it('logs writes and lists the latest first', async () => {
        const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, s)).toISOString();
        await engine.tokens.logWrite({ at: at(1), author: 'mira', action: 'annotate', target: 'dock' });
        await engine.tokens.logWrite({ at: at(2), author: 'ada', action: 'token.create', target: 'jonas' });
        await engine.tokens.logWrite({ at: at(3), author: 'jonas', action: 'annotate', target: 'dock' });
        expect(await engine.tokens.writeLog(2)).toEqual([
          { at: at(3), author: 'jonas', action: 'annotate', target: 'dock' },
          { at: at(2), author: 'ada', action: 'token.create', target: 'jonas' },
        ]);
        expect(await engine.tokens.writeLog()).toHaveLength(3);
        expect((await refusal(engine.tokens.logWrite({ at: 'yesterday', author: 'mira', action: 'annotate', target: 'dock' }))).field).toBe('at');
      });
    });
  });
}

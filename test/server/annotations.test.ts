/** POST/GET /api/articles/{id}/annotations, GET /api/taxonomy and the article's effective labels, with each kind of bad input: a label outside the taxonomy, a span outside the article, a deleted article, a stale analysis, two annotators at once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../../src/store/annotations.js';
import { pgForTests } from '../store/pg-env.js';
import { TRAM, TRAM_COSTS } from '../taxonomy/fixture.js';
import { call, postgresApp, secretFor, sqliteApp, useTownTaxonomy, type AnnotationApp } from './annotations-app.js';
import { NARRATIVE_LABELS } from './fixtures.js';

const HARBOUR = 'fixture-harbour';
const WINDMILL = 'fixture-windmill';
const pgAvailable = (await pgForTests()).available;

interface ErrorBody {
  error: string;
  field?: string;
}

let undoTaxonomy: () => void;
beforeAll(() => {
  // The invented town's taxonomy is active without the SemEval labels: the fixture's SemEval labels are a retired taxonomy's.
  undoTaxonomy = useTownTaxonomy(false);
});
afterAll(() => undoTaxonomy());

function annotationSuite(name: string, make: () => Promise<AnnotationApp>) {
  describe(`annotations on ${name}`, () => {
    let t: AnnotationApp;
    let anna: string;
    let bo: string;
    const post = (id: string, body: unknown, secret = anna) => call(t.app, 'POST', `/api/articles/${id}/annotations`, secret, body);
    const refused = async (res: Response, status: number, field: string, message: RegExp) => {
      expect(res.status).toBe(status);
      const body = (await res.json()) as ErrorBody;
      expect(body.field).toBe(field);
      expect(body.error).toMatch(message);
    };
    beforeAll(async () => {
      t = await make();
      anna = await secretFor(t.store, 'anna', 'annotator');
      bo = await secretFor(t.store, 'bo', 'annotator');
    });
    afterAll(() => t?.close());

    it('stores decisions (201) and the article shows the analyst\'s labels, marked as such, with rejected model labels listed apart', async () => {
      const res = await post(HARBOUR, {
        decisions: [
          { task: 'narratives', label: NARRATIVE_LABELS.BLAME, decision: 'accept' },
          { task: 'narratives', label: NARRATIVE_LABELS.DISCREDIT_WEST, decision: 'reject' },
          { task: 'narratives', label: TRAM_COSTS, decision: 'add' },
          { task: 'techniques', label: 'Loaded_Language', span: { start: 0, end: 8 }, decision: 'add' },
        ],
      });
      expect(res.status).toBe(201);
      const result = (await res.json()) as { revision: number; annotations: Annotation[]; conflicts: Annotation[] };
      expect(result.revision).toBe(1);
      expect(result.annotations.map((a) => [a.label, a.decision, a.author])).toEqual([
        [NARRATIVE_LABELS.BLAME, 'accept', 'anna'],
        [NARRATIVE_LABELS.DISCREDIT_WEST, 'reject', 'anna'],
        [TRAM_COSTS, 'add', 'anna'],
        ['Loaded_Language', 'add', 'anna'],
      ]);
      expect(result.annotations[0].overrides).toEqual({ label: NARRATIVE_LABELS.BLAME, score: 0.91 });
      expect(result.conflicts).toEqual([]);

      const detail = (await (await call(t.app, 'GET', `/api/articles/${HARBOUR}`)).json()) as {
        annotations: { revision: number; annotations: Annotation[] };
        effective: Record<string, { labels: Record<string, unknown>[]; rejected: Record<string, unknown>[] }>;
      };
      expect(detail.annotations.revision).toBe(1);
      expect(detail.annotations.annotations).toHaveLength(4);
      const shown = detail.effective.narratives.labels.map((l) => [l.label, l.source, l.decision ?? null, l.author ?? null]);
      expect(shown).toEqual([
        [NARRATIVE_LABELS.BLAME, 'analyst', 'accept', 'anna'],
        [TRAM, 'analyst', 'add', 'anna'],
        [TRAM_COSTS, 'analyst', 'add', 'anna'],
      ]);
      expect(detail.effective.narratives.rejected.map((l) => [l.label, l.source, l.author])).toEqual([
        [NARRATIVE_LABELS.DISCREDIT_WEST, 'model', 'anna'],
        [`${NARRATIVE_LABELS.DISCREDIT_WEST}: Diplomacy does/will not work`, 'model', 'anna'],
      ]);
      expect(detail.effective.techniques.labels).toContainEqual({ label: 'Loaded_Language', span: { start: 0, end: 8 }, source: 'analyst', decision: 'add', author: 'anna', at: expect.any(String) });
      expect(detail.effective.genre.labels).toEqual([{ label: 'opinion', score: 0.8, source: 'model' }]);

      const listed = (await (await call(t.app, 'GET', `/api/articles/${HARBOUR}/annotations`)).json()) as { revision: number; annotations: Annotation[] };
      expect(listed.revision).toBe(1);
      expect(listed.annotations.map((a) => a.label)).toContain(TRAM_COSTS);
    });

    it('a label outside the taxonomy is a 400 naming decisions[i].label, and the whole request stores nothing', async () => {
      const before = (await t.store.annotations.annotationsOf(WINDMILL))!.revision;
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ task: 'narratives', label: 'URW: Amplifying war-related fears', decision: 'add' }, /not a narrative or sub-narrative of the active taxonomy \(gullhaven-debates 1\)/],
        [{ task: 'narratives', label: 'GH: The moon is cheese', decision: 'accept' }, /active taxonomy/],
        [{ task: 'entities', entity: 'Tamberg council', label: 'Overlord', decision: 'add' }, /not an entity role/],
        [{ task: 'techniques', label: 'Mind_Control', span: { start: 0, end: 4 }, decision: 'add' }, /not a persuasion technique/],
        [{ task: 'genre', label: 'poetry', decision: 'add' }, /not a genre \(opinion, reporting, satire\)/],
        [{ task: 'frames', label: 'Weather', decision: 'add' }, /not a frame/],
      ];
      for (const [bad, message] of cases) {
        const ok = { task: 'frames', label: 'Economic', decision: 'accept' };
        await refused(await post(WINDMILL, { decisions: [ok, ok, bad] }), 400, 'decisions[2].label', message);
      }
      expect((await t.store.annotations.annotationsOf(WINDMILL))!.revision).toBe(before);
      // A label the model gave may be judged though its taxonomy is retired; adding one is refused.
      expect((await post(WINDMILL, { decisions: [{ task: 'narratives', label: NARRATIVE_LABELS.CLIMATE_POLICIES, decision: 'reject' }] })).status).toBe(201);
      await refused(await post(HARBOUR, { decisions: [{ task: 'narratives', label: NARRATIVE_LABELS.CLIMATE_POLICIES, decision: 'add' }] }), 400, 'decisions[0].label', /active taxonomy/);
      expect((await post(WINDMILL, { decisions: [{ task: 'entities', entity: 'Tamberg council', label: 'Protagonist', decision: 'add' }] })).status).toBe(201);
    });

    it('a bad shape is a 400 naming the field the way the store does', async () => {
      await refused(await post(WINDMILL, { decisions: [{ task: 'genre', label: 'opinion', decision: 'maybe' }] }), 400, 'decisions[0].decision', /request body field "decisions\[0\]\.decision"/);
      await refused(await post(WINDMILL, { decisions: [{ task: 'weather', label: 'sunny', decision: 'add' }] }), 400, 'decisions[0].task', /decisions\[0\]\.task must be one of/);
      await refused(await post(WINDMILL, { decisions: [{ task: 'entities', label: 'Victim', decision: 'add' }] }), 400, 'decisions[0].entity', /must be a non-empty string/);
      await refused(await post(WINDMILL, { decisions: [] }), 400, 'decisions', /decisions/);
      // An unknown key has no path of its own: the message names it.
      const unknown = await post(WINDMILL, { decisions: [{ task: 'genre', label: 'opinion', decision: 'add' }], colour: 'red' });
      expect(unknown.status).toBe(400);
      expect(((await unknown.json()) as ErrorBody).error).toMatch(/"colour"/);
      const notJson = await t.app.request(`/api/articles/${WINDMILL}/annotations`, { method: 'POST', headers: { authorization: `Bearer ${anna}`, 'content-type': 'text/plain' }, body: 'accept' });
      expect(notJson.status).toBe(415);
    });

    it('a span outside the article is a 400 naming decisions[i].span', async () => {
      const raw = ((await (await call(t.app, 'GET', `/api/articles/${WINDMILL}`)).json()) as { raw: string }).raw;
      await refused(
        await post(WINDMILL, { decisions: [{ task: 'techniques', label: 'Loaded_Language', span: { start: raw.length - 2, end: raw.length + 5 }, decision: 'add' }] }),
        400,
        'decisions[0].span',
        new RegExp(`not a non-empty range inside the article's ${raw.length} characters`),
      );
      await refused(await post(WINDMILL, { decisions: [{ task: 'techniques', label: 'Doubt', span: { start: 9, end: 9 }, decision: 'add' }] }), 400, 'decisions[0].span', /non-empty range/);
    });

    it('a stale analysis version is a 409 and stores nothing; the current one is accepted', async () => {
      const detail = (await (await call(t.app, 'GET', `/api/articles/${WINDMILL}`)).json()) as { modelVersion: string; annotations: { revision: number } };
      const decisions = [{ task: 'frames', label: 'Economic', decision: 'accept' }];
      await refused(await post(WINDMILL, { decisions, modelVersion: 'an-older-version' }), 409, 'modelVersion', /analysed again since.*reload it and decide again/);
      expect((await t.store.annotations.annotationsOf(WINDMILL))!.revision).toBe(detail.annotations.revision);
      expect((await post(WINDMILL, { decisions, modelVersion: detail.modelVersion })).status).toBe(201);
    });

    it('an unknown or deleted article is a 404; the decisions made on it before are kept', async () => {
      await refused(await post('no-such-article', { decisions: [{ task: 'genre', label: 'opinion', decision: 'accept' }] }), 404, 'id', /no article with id or hash "no-such-article"/);
      expect((await post('fixture-bakery', { decisions: [{ task: 'genre', label: 'reporting', decision: 'accept' }] })).status).toBe(201);
      await t.store.delete(['fixture-bakery']);
      await refused(await post('fixture-bakery', { decisions: [{ task: 'genre', label: 'reporting', decision: 'reject' }] }), 404, 'id', /no article/);
      expect((await call(t.app, 'GET', '/api/articles/fixture-bakery/annotations')).status).toBe(404);
      const kept: Annotation[] = [];
      for await (const a of t.store.annotations.allAnnotations()) if (a.articleId === 'fixture-bakery') kept.push(a);
      expect(kept.map((a) => [a.label, a.decision, a.author])).toEqual([['reporting', 'accept', 'anna']]);
    });

    it('two annotators saving at once: both stored (201), the disagreement recorded as a conflict and shown, nothing lost', async () => {
      const { revision } = (await t.store.annotations.annotationsOf('fixture-hostile'))!;
      const [a, b] = await Promise.all([
        post('fixture-hostile', { decisions: [{ task: 'entities', entity: 'distant bloc', label: 'Antagonist', decision: 'accept' }], revision }, anna),
        post('fixture-hostile', { decisions: [{ task: 'entities', entity: 'distant bloc', label: 'Antagonist', decision: 'reject' }], revision }, bo),
      ]);
      expect([a.status, b.status]).toEqual([201, 201]);
      const results = [(await a.json()) as { conflicts: Annotation[] }, (await b.json()) as { conflicts: Annotation[] }];
      // Whichever was stored second sees the conflict with the first.
      expect(Math.max(...results.map((r) => r.conflicts.length))).toBe(2);
      const stored = (await t.store.annotations.annotationsOf('fixture-hostile'))!;
      expect(stored.revision).toBe(revision + 2);
      expect(stored.annotations.map((x) => [x.author, x.decision, x.current, x.conflictsWith?.length ?? 0]).sort()).toEqual([
        ['anna', 'accept', true, 1],
        ['bo', 'reject', true, 1],
      ]);
      const effective = ((await (await call(t.app, 'GET', '/api/articles/fixture-hostile')).json()) as { effective: Record<string, { labels: Record<string, unknown>[]; rejected: Record<string, unknown>[] }> }).effective;
      const judged = [...effective.entities.labels, ...effective.entities.rejected].find((l) => l.entity === 'distant bloc' && l.label === 'Antagonist')!;
      expect(judged.conflict).toBe(true);
      expect((judged.decisions as { author: string }[]).map((d) => d.author).sort()).toEqual(['anna', 'bo']);
    });

    it('GET /api/taxonomy lists the active taxonomy with definitions, the roles, techniques, genres and frames', async () => {
      const body = (await (await call(t.app, 'GET', '/api/taxonomy')).json()) as {
        id: string;
        source: string;
        domains: { code: string; narratives: { label: string; definition: string; subNarratives: { label: string }[] }[] }[];
        roles: { label: string; main?: string }[];
        techniques: string[];
        genres: string[];
        frames: string[];
      };
      expect(body.id).toBe('gullhaven-debates');
      expect(body.source).toBe('file');
      expect(body.domains.map((d) => d.code)).toEqual(['GH']);
      const tram = body.domains[0].narratives.find((n) => n.label === TRAM)!;
      expect(tram.definition).toBe('The new tram line costs too much and serves nobody.');
      expect(tram.subNarratives.map((s) => s.label)).toContain(TRAM_COSTS);
      expect(body.roles.slice(0, 3)).toEqual([{ label: 'Protagonist' }, { label: 'Antagonist' }, { label: 'Innocent' }]);
      expect(body.techniques).toContain('Loaded_Language');
      expect(body.genres).toEqual(['opinion', 'reporting', 'satire']);
      expect(body.frames).toContain('Economic');
    });
  });
}

annotationSuite('SQLite', async () => sqliteApp());

describe.skipIf(!pgAvailable)('PostgreSQL', () => {
  annotationSuite('PostgreSQL', () => postgresApp());
});

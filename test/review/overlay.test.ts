/** effectiveLabels: the labels shown per task with the decisions applied, who decided, what was hidden and where authors disagree. */
import { describe, expect, it } from 'vitest';
import { approvedEntities, approvedSpans } from '../../src/export/approved.js';
import { approvedRow } from '../../src/learn/from-store-labels.js';
import { effectiveLabels } from '../../src/review/overlay.js';
import type { Annotation, AnnotationInput } from '../../src/store/annotations.js';
import { narrativeModelFor } from '../../src/tasks/narratives/annotate.js';
import { isOtherSub, parentOf } from '../../src/tasks/narratives/taxonomy.js';
import { FIXTURE_SPECS, fixtureAnalysis, fixtureArticle, NARRATIVE_LABELS } from '../server/fixtures.js';

const { BLAME, DISCREDIT_WEST, CLIMATE_POLICIES } = NARRATIVE_LABELS;
const spec = FIXTURE_SPECS.find((s) => s.id === 'fixture-harbour')!;
// The fixtures' sub-narratives under DISCREDIT_WEST and CLIMATE_POLICIES.
const DIPLOMACY = spec.subNarratives!.find((s) => s.narrative === DISCREDIT_WEST)!.label;
const CLIMATE_SUB = FIXTURE_SPECS.flatMap((f) => f.subNarratives ?? []).find((s) => s.narrative === CLIMATE_POLICIES)!.label;
// A climate sub-narrative under another narrative, as the shipped English model's taxonomy names it: what an analyst adds.
const TAXONOMY = narrativeModelFor('en')!.meta.taxonomy;
const ADDED_SUB = TAXONOMY.subNarratives.find((s) => {
  const parent = s.startsWith('CC: ') && !isOtherSub(s) ? parentOf(s, TAXONOMY.narratives) : null;
  return parent !== null && parent !== CLIMATE_POLICIES;
})!;
const ADDED_NARRATIVE = parentOf(ADDED_SUB, TAXONOMY.narratives)!;
const article = fixtureArticle(spec);
const analysis = fixtureAnalysis(article, spec);
const raw = article.raw;

let n = 0;
/** A stored decision made by hand: `minute` orders decisions in time. */
function decided(input: AnnotationInput, author = 'anna', minute = n++, extra: Partial<Annotation> = {}): Annotation {
  return { ...input, id: `d${n}`, articleId: spec.id, author, createdAt: `2026-01-01T10:${String(minute).padStart(2, '0')}:00.000Z`, modelVersion: 'v1', current: true, ...extra };
}

const rows = (labels: Record<string, unknown>[]) => labels.map((l) => [l.label, l.source, l.decision ?? null, l.author ?? null]);

describe('effectiveLabels', () => {
  it('without decisions shows the model\'s labels, each marked as the model\'s, with its score', () => {
    const e = effectiveLabels(analysis, raw, []);
    expect(rows(e.narratives.labels)).toEqual([
      [BLAME, 'model', null, null],
      [DISCREDIT_WEST, 'model', null, null],
      [DIPLOMACY, 'model', null, null],
    ]);
    expect(e.narratives.labels[2]).toEqual({ label: DIPLOMACY, narrative: DISCREDIT_WEST, score: 0.6, source: 'model' });
    expect(e.entities.labels.map((l) => [l.entity, l.label])).toEqual([
      ['distant bloc', 'Antagonist'],
      ['distant bloc', 'Instigator'],
      ['Port Amsel', 'Innocent'],
      ['Port Amsel', 'Victim'],
    ]);
    expect(e.techniques.labels.map((l) => l.label)).toEqual(['Name_Calling-Labeling', 'Loaded_Language']);
    expect(e.genre).toEqual({ labels: [{ label: 'opinion', score: 0.8, source: 'model' }], rejected: [] });
    expect(Object.values(e).every((t) => t.rejected.length === 0)).toBe(true);
  });

  it('a rejected narrative is hidden with its sub-narratives, by its author; an accepted one is the analyst\'s; an added sub-narrative brings its narrative', () => {
    const e = effectiveLabels(analysis, raw, [
      decided({ task: 'narratives', label: BLAME, decision: 'accept' }),
      decided({ task: 'narratives', label: DISCREDIT_WEST, decision: 'reject' }, 'bo'),
      decided({ task: 'narratives', label: ADDED_SUB, decision: 'add' }, 'cy'),
    ]);
    expect(rows(e.narratives.labels)).toEqual([
      [BLAME, 'analyst', 'accept', 'anna'],
      [ADDED_NARRATIVE, 'analyst', 'add', 'cy'],
      [ADDED_SUB, 'analyst', 'add', 'cy'],
    ]);
    expect(e.narratives.labels[2].narrative).toBe(ADDED_NARRATIVE);
    expect(rows(e.narratives.rejected)).toEqual([
      [DISCREDIT_WEST, 'model', 'reject', 'bo'],
      [DIPLOMACY, 'model', 'reject', 'bo'],
    ]);
  });

  it('an added main role replaces the model\'s, which is listed as hidden by that decision; a role for an entity the model missed is shown', () => {
    const e = effectiveLabels(analysis, raw, [
      decided({ task: 'entities', entity: 'distant bloc', label: 'Protagonist', decision: 'add' }),
      decided({ task: 'entities', entity: 'Port Amsel', label: 'Victim', decision: 'reject' }),
      decided({ task: 'entities', entity: 'Kerrowdale', label: 'Guardian', decision: 'add' }, 'bo'),
    ]);
    expect(e.entities.labels.map((l) => [l.entity, l.label, l.source])).toEqual([
      ['distant bloc', 'Protagonist', 'analyst'],
      ['distant bloc', 'Instigator', 'model'],
      ['Port Amsel', 'Innocent', 'model'],
      ['Kerrowdale', 'Guardian', 'analyst'],
    ]);
    expect(e.entities.rejected.map((l) => [l.entity, l.label, l.source, l.decision, l.author])).toEqual([
      ['distant bloc', 'Antagonist', 'model', 'add', 'anna'],
      ['Port Amsel', 'Victim', 'model', 'reject', 'anna'],
    ]);
  });

  it('technique spans: a rejected span is hidden, an added one shown with no score; genre replaced by an added one', () => {
    const loaded = analysis.techniques!.spans.find((s) => s.technique === 'Loaded_Language')!;
    const e = effectiveLabels(analysis, raw, [
      decided({ task: 'techniques', label: 'Loaded_Language', span: { start: loaded.start, end: loaded.end }, decision: 'reject' }),
      decided({ task: 'techniques', label: 'Doubt', span: { start: 0, end: 8 }, decision: 'add' }),
      decided({ task: 'genre', label: 'satire', decision: 'add' }, 'bo'),
    ]);
    expect(e.techniques.labels.map((l) => [l.label, l.source, l.score ?? null])).toEqual([
      ['Doubt', 'analyst', null],
      ['Name_Calling-Labeling', 'model', 0.87],
    ]);
    expect(e.techniques.rejected).toEqual([
      { label: 'Loaded_Language', span: { start: loaded.start, end: loaded.end }, score: 0.72, source: 'model', decision: 'reject', author: 'anna', at: expect.any(String) },
    ]);
    expect(rows(e.genre.labels)).toEqual([['satire', 'analyst', 'add', 'bo']]);
    expect(rows(e.genre.rejected)).toEqual([['opinion', 'model', 'add', 'bo']]);
  });

  it('authors who disagree: the latest decision applies and the label is marked as a conflict listing each; superseded decisions count for nothing', () => {
    const e = effectiveLabels(analysis, raw, [
      decided({ task: 'frames', label: 'Security_and_defense', decision: 'reject' }, 'anna', 1, { current: false }),
      decided({ task: 'narratives', label: BLAME, decision: 'accept' }, 'anna', 2),
      decided({ task: 'narratives', label: BLAME, decision: 'reject' }, 'bo', 3),
    ]);
    expect(e.narratives.labels.map((l) => l.label)).not.toContain(BLAME);
    const blame = e.narratives.rejected.find((l) => l.label === BLAME)!;
    expect(blame).toMatchObject({ source: 'model', decision: 'reject', author: 'bo', conflict: true });
    expect(blame.decisions).toEqual([
      { author: 'anna', decision: 'accept' },
      { author: 'bo', decision: 'reject' },
    ]);
    expect(rows(e.frames.labels)).toEqual([['Security_and_defense', 'model', null, null]]);
  });

  it('a rejection of a label the model no longer gives (after a reanalysis) is kept in the rejected list', () => {
    const e = effectiveLabels(analysis, raw, [decided({ task: 'frames', label: 'Economic', decision: 'reject' }, 'cy')]);
    expect(rows(e.frames.rejected)).toEqual([['Economic', 'analyst', 'reject', 'cy']]);
  });

  it('shows exactly the labels the approved export and training use, for any mix of decisions', () => {
    const targets: AnnotationInput[] = [
      { task: 'narratives', label: BLAME, decision: 'accept' },
      { task: 'narratives', label: DISCREDIT_WEST, decision: 'accept' },
      { task: 'narratives', label: DIPLOMACY, decision: 'accept' },
      { task: 'narratives', label: CLIMATE_POLICIES, decision: 'accept' },
      { task: 'narratives', label: CLIMATE_SUB, decision: 'accept' },
      { task: 'entities', entity: 'distant bloc', label: 'Antagonist', decision: 'accept' },
      { task: 'entities', entity: 'distant bloc', label: 'Protagonist', decision: 'accept' },
      { task: 'entities', entity: 'Port Amsel', label: 'Victim', decision: 'accept' },
      { task: 'techniques', label: 'Doubt', span: { start: 0, end: 8 }, decision: 'accept' },
    ];
    const kinds = ['accept', 'reject', 'add'] as const;
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let round = 0; round < 200; round++) {
      const decisions = targets.filter(() => rand() < 0.5).map((t, i) => decided({ ...t, decision: kinds[Math.floor(rand() * 3)] }, rand() < 0.5 ? 'anna' : 'bo', i));
      const e = effectiveLabels(analysis, raw, decisions);
      const row = approvedRow(spec.id, analysis.narratives, decisions).row;
      const approved = [...row.narratives, ...row.subNarratives].filter((l) => l !== 'Other' && !l.endsWith(': Other'));
      expect(e.narratives.labels.map((l) => l.label).sort(), JSON.stringify(decisions)).toEqual(approved.sort());
      const roles = approvedEntities(analysis.entities ?? [], decisions).flatMap((x) => [`${x.name}/${x.mainRole}`, ...x.fineRoles.map((f) => `${x.name}/${f.role}`)]);
      expect(e.entities.labels.map((l) => `${l.entity}/${l.label}`).sort()).toEqual(roles.sort());
      const spans = approvedSpans(analysis.techniques!.spans, decisions, raw).map((x) => `${x.technique}@${x.start}`);
      expect(e.techniques.labels.map((l) => `${l.label}@${l.span!.start}`).sort()).toEqual(spans.sort());
    }
  });
});

/** The provenance section of the report, and the text of `narrascope provenance`, `sources` and `clusters`, on invented articles and hand-made store answers. */
import { describe, expect, it } from 'vitest';
import { articleProvenanceJson, renderArticleProvenance, renderClusters, renderSources } from '../../src/cli/provenance.js';
import { damageSpans, renderReport } from '../../src/cli/report.js';
import { analyzeArticle } from '../../src/pipeline.js';
import type { StoredArticle } from '../../src/store/types.js';
import { handMadeCluster, handMadeProvenance, handMadeSources, PROVENANCE_FIXTURES, provenanceAnalysis, provenanceArticle } from '../server/provenance-fixtures.js';

const spun = PROVENANCE_FIXTURES.find((f) => f.id === 'ferry-copy-spun')!;
const spunArticle = provenanceArticle(spun);
const spunAnalysis = provenanceAnalysis(spunArticle, spun);

function stored(): StoredArticle {
  const a = spunArticle;
  return { id: a.id, hash: a.hash, title: a.title, raw: a.raw, source: a.source, url: a.url, publishedAt: a.publishedAt, language: 'en', origin: a.origin, ingestedAt: '2026-11-01T00:00:00Z', modelVersion: 'x', analysis: spunAnalysis } as StoredArticle;
}

describe('the provenance section of the report', () => {
  it('lists damage spans with their reasons and expected forms, and the sourcing summary with each attribution', () => {
    const text = renderReport(spunAnalysis, spunArticle.raw, { tasks: [] });
    expect(text).toContain('Provenance');
    expect(text).toMatch(/Damage {2}1 span\(s\)/);
    expect(text).toMatch(/line \d+ "Kelmarshi" → Kelmarsh {2}entity-near-miss: near-miss of a known place name \(edit distance 1\) \(0\.86\)/);
    expect(text).toContain('Sourcing  2 of 2 attributions are anonymous');
    // A span that is its cue alone is not quoted again.
    expect(text.split('\n')).toContain('    anonymous "sources say"');
    expect(text).toContain('anonymous "it is claimed" “It is claimed that the fares could rise later.”');
    // analyze has no store: no copies line.
    expect(text).not.toContain('Copies');
  });

  it('says when damage and sourcing were not looked for, and shows the note when there is one', () => {
    const a = analyzeArticle(provenanceArticle(PROVENANCE_FIXTURES[3]), { annotators: [] });
    expect(renderReport(a, '', { tasks: [] })).toContain('damage and sourcing not looked for (the provenance task did not run)');
    a.provenance.note = 'no word list for this language';
    const text = renderReport(a, '', { tasks: [] });
    expect(text).toContain('! no word list for this language');
    expect(text).not.toContain('not looked for');
  });

  it('in show, lists the copies from the store, which came first, and merges the substitutions into the damage', () => {
    const provenance = handMadeProvenance(spun.id, spunArticle.raw, { phrase: 'two times each day', expected: 'twice a day' });
    const text = renderReport(spunAnalysis, spunArticle.raw, { tasks: [], provenance });
    expect(text).toContain('Copies  2 other article(s) in cluster c-ferry; this is a copy; earliest ferry-original (Kelmarsh Gazette, 2026-10-05)');
    expect(text).toMatch(/ferry-copy-farm {2}Daily Repost Hub {2}2026-10-06 {2}overlap 0\.91 with this/);
    expect(text).toMatch(/ferry-original {2}Kelmarsh Gazette {2}2026-10-05 {2}overlap 1\.00 with this {2}earliest/);
    expect(text).toMatch(/Damage {2}2 span\(s\)/);
    expect(text).toMatch(/"two times each day" → twice a day {2}substitution: word swapped against the earliest copy/);
  });

  it('says an article without copies has none, and that the earliest member is the original', () => {
    const lone = renderReport(spunAnalysis, spunArticle.raw, { tasks: [], provenance: { id: 'x', copies: [], isCopy: false, substitutions: [] } });
    expect(lone).toContain('Copies  none stored (no other article is a near-duplicate of this one)');
    const short = renderReport(spunAnalysis, spunArticle.raw, { tasks: [], provenance: { id: 'x', copies: [], isCopy: false, substitutions: [], note: 'too short to compare' } });
    expect(short).toContain('Copies  not compared: too short to compare');
    const first = renderReport(spunAnalysis, spunArticle.raw, { tasks: [], provenance: handMadeProvenance('ferry-original', spunArticle.raw) });
    expect(first).toContain('this is the earliest of its cluster');
  });

  it('strips terminal escapes from names and quotes it did not write', () => {
    const provenance = handMadeProvenance(spun.id, spunArticle.raw);
    provenance.copies[0].source = 'Evil\u001b[31mRed';
    const a = structuredClone(spunAnalysis);
    a.provenance.damage![0].reason = 'bad\u001b[2Jreason';
    const text = renderReport(a, spunArticle.raw, { tasks: [], provenance });
    expect(text).not.toContain('\u001b');
    expect(text).toContain('Evil [31mRed');
  });

  it('merges damage and substitutions in text order, each place and kind once', () => {
    const dup = { ...spunAnalysis.provenance.damage![0] };
    const provenance = { id: 'x', copies: [], isCopy: true, substitutions: [dup, { ...dup, kind: 'substitution' as const, start: 0, end: 3 }] };
    expect(damageSpans(spunAnalysis, provenance).map((d) => [d.start, d.kind])).toEqual([
      [0, 'substitution'],
      [dup.start, 'entity-near-miss'],
    ]);
  });
});

describe('narrascope provenance <id>', () => {
  it('shows the cluster, its earliest member, sources and attributions, then the article provenance', () => {
    const text = renderArticleProvenance(stored(), handMadeProvenance(spun.id, spunArticle.raw));
    expect(text.split('\n')[0]).toBe('━━ Example: Island ferry will go two times each day');
    expect(text).toContain('Cluster c-ferry  3 articles, first seen 2026-10-05, last seen 2026-10-08');
    expect(text).toMatch(/earliest {2}ferry-original {2}Kelmarsh Gazette {2}2026-10-05 {2}earliest {2}Example: ferry-original/);
    expect(text).toContain('sources   Kelmarsh Gazette ×1 · Daily Repost Hub ×1 · Spin Cycle News ×1');
    expect(text).toContain('members attribute it to  Kelmarsh Gazette ×1');
    expect(text).toContain('Sourcing  2 of 2 attributions are anonymous');
  });

  it('says when the article has no near-duplicate', () => {
    expect(renderArticleProvenance(stored(), { id: spun.id, copies: [], isCopy: false, substitutions: [] })).toContain('Cluster  none: no other stored article is a near-duplicate of this one');
  });

  it('gives JSON with the store answer, the attributions, the merged damage and the sourcing', () => {
    const json = articleProvenanceJson(stored(), handMadeProvenance(spun.id, spunArticle.raw, { phrase: 'two times each day', expected: 'twice a day' }));
    expect(json.isCopy).toBe(true);
    expect(json.cluster?.id).toBe('c-ferry');
    expect(json.damage.map((d) => d.kind)).toEqual(['substitution', 'entity-near-miss']);
    expect(json.sourcing?.anonymous).toBe(2);
    expect(JSON.parse(JSON.stringify(json)).copies).toHaveLength(2);
  });
});

describe('narrascope sources and clusters', () => {
  it('tabulates source profiles: copy share, originals, sources lifted from, boilerplate rules', () => {
    const lines = renderSources(handMadeSources()).trimEnd().split('\n');
    expect(lines[0].split(/\s{2,}/)).toEqual(['SOURCE', 'ARTICLES', 'COPIES', 'COPY SHARE', 'ORIGINALS', 'LIFTS FROM', 'BOILERPLATE']);
    expect(lines[1].split(/\s{2,}/)).toEqual(['Daily Repost Hub', '4', '3', '75%', '0', 'Kelmarsh Gazette ×3', 'ad-markers 100%, comment-form 50%']);
    expect(lines[2].split(/\s{2,}/)).toEqual(['Kelmarsh Gazette', '5', '0', '0%', '3', '-', '-']);
    expect(renderSources([])).toBe('');
  });

  it('tabulates clusters with their size, dates, earliest member and sources', () => {
    const { members, timeline, ...summary } = handMadeCluster();
    void members;
    void timeline;
    const lines = renderClusters([summary]).trimEnd().split('\n');
    expect(lines[0].split(/\s{2,}/)).toEqual(['CLUSTER', 'SIZE', 'FIRST SEEN', 'LAST SEEN', 'EARLIEST', 'SOURCES', 'TITLE']);
    expect(lines[1].split(/\s{2,}/)).toEqual(['c-ferry', '3', '2026-10-05', '2026-10-08', 'ferry-original (Kelmarsh Gazette)', 'Kelmarsh Gazette ×1 · Daily Repost Hub ×1 · Spin Cycle News ×1', 'Example: ferry-original']);
  });
});

import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createArticle } from '../../src/doc/article.js';
import { analyzeArticle } from '../../src/pipeline.js';
import { decodeLabels, type DecodeParams } from '../../src/tasks/narratives/decode.js';
import { formatSubtask2, parseSubtask2 } from '../../src/tasks/narratives/io.js';
import { buildLabelSpace, rowTargets } from '../../src/tasks/narratives/labels.js';
import { scoreSubtask2 } from '../../src/tasks/narratives/score.js';
import { loadTaxonomy, parentOf, type Taxonomy } from '../../src/tasks/narratives/taxonomy.js';
import { narrativesAnnotator } from '../../src/tasks/narratives/annotate.js';
import { chrF, explanationFrom } from '../../src/tasks/narratives/explain.js';

// A small invented taxonomy with the official naming scheme.
const taxonomy: Taxonomy = {
  narratives: ['CC: Alpha', 'URW: Beta', 'URW: Gamma', 'Other'],
  subNarratives: ['CC: Alpha: One', 'CC: Alpha: Other', 'URW: Beta: Two', 'URW: Beta: Three', 'URW: Beta: Other', 'URW: Gamma: Other', 'Other'],
};

describe('subtask-2 scorer', () => {
  it('averages per-article F1 over the class lists, ignoring unknown labels, with 0 for empty vs empty', () => {
    const gold = [
      { id: 'a.txt', narratives: ['URW: Beta'], subNarratives: ['URW: Beta: Two'] },
      { id: 'b.txt', narratives: ['Other'], subNarratives: ['Other'] },
      { id: 'c.txt', narratives: ['CC: Alpha', 'URW: Beta'], subNarratives: ['CC: Alpha: One', 'URW: Beta: Three'] },
      { id: 'd.txt', narratives: ['CC: Unlisted'], subNarratives: ['CC: Unlisted: Other'] },
    ];
    const pred = [
      { id: 'c.txt', narratives: ['CC: Alpha'], subNarratives: ['CC: Alpha: One', 'URW: Beta: Two'] },
      { id: 'a.txt', narratives: ['URW: Beta'], subNarratives: ['URW: Beta: Two'] },
      { id: 'b.txt', narratives: ['Other', 'URW: Gamma'], subNarratives: ['URW: Gamma: Other'] },
      { id: 'd.txt', narratives: ['CC: Unlisted'], subNarratives: ['CC: Unlisted: Other'] },
    ];
    const s = scoreSubtask2(gold, pred, taxonomy);
    // coarse: a 1, b 2/3, c 2/3, d 0 (label outside the list on both sides)
    expect(s.coarse.mean).toBeCloseTo((1 + 2 / 3 + 2 / 3 + 0) / 4, 10);
    // fine: a 1, b 0, c 0.5, d 0
    expect(s.fine.mean).toBeCloseTo((1 + 0 + 0.5 + 0) / 4, 10);
    expect(s.articles).toBe(4);
  });

  it('refuses mismatched ids, naming them', () => {
    const gold = [{ id: 'a.txt', narratives: ['Other'], subNarratives: ['Other'] }];
    const pred = [{ id: 'z.txt', narratives: ['Other'], subNarratives: ['Other'] }];
    expect(() => scoreSubtask2(gold, pred, taxonomy)).toThrow(/a\.txt.*z\.txt/);
  });
});

describe('subtask-2 files', () => {
  it('round-trips rows', () => {
    const rows = [
      { id: 'x1.txt', narratives: ['URW: Beta'], subNarratives: ['URW: Beta: Two', 'URW: Beta: Three'] },
      { id: 'x2.txt', narratives: ['Other'], subNarratives: ['Other'] },
    ];
    const back = parseSubtask2(formatSubtask2(rows), taxonomy);
    expect(back.problems).toEqual([]);
    expect(back.rows).toEqual(rows);
  });

  it('names the line of wrong columns, unknown labels and repeated ids, and keeps going', () => {
    const text = ['ok.txt\tOther\tOther', 'two-cols.txt\tOther', 'bad.txt\tURW: Nope\tOther', 'ok.txt\tOther\tOther', 'fine.txt\tURW: Gamma\tURW: Gamma: Other'].join('\n');
    const { rows, problems } = parseSubtask2(text, taxonomy);
    expect(rows.map((r) => r.id)).toEqual(['ok.txt', 'fine.txt']);
    expect(problems.map((p) => p.line)).toEqual([2, 3, 4]);
    expect(problems[0].message).toMatch(/3 tab-separated columns/);
    expect(problems[1].message).toMatch(/unknown narrative "URW: Nope"/);
    expect(problems[2].message).toMatch(/more than once/);
  });
});

describe('hierarchical decoding', () => {
  const gold = [
    { id: '1', narratives: ['CC: Alpha'], subNarratives: ['CC: Alpha: One'] },
    { id: '2', narratives: ['URW: Beta'], subNarratives: ['URW: Beta: Two', 'URW: Beta: Three'] },
    { id: '3', narratives: ['URW: Gamma'], subNarratives: ['URW: Gamma: Other'] },
  ];
  const space = buildLabelSpace(gold, taxonomy.narratives);
  // score vector: [URW, CC, narratives (CC: Alpha, URW: Beta, URW: Gamma), subs (CC: Alpha: One, URW: Beta: Three, URW: Beta: Two)]
  const params: DecodeParams = { other: 0.5, narrative: new Float64Array(3).fill(0.5), sub: new Float64Array(3).fill(0.5), singleDomain: false, otherBy: 'narrative', hedgeOther: 2 };

  it('builds the label space and targets from gold rows', () => {
    expect(space.narratives).toEqual(['CC: Alpha', 'URW: Beta', 'URW: Gamma']);
    expect(space.subNarratives).toEqual(['CC: Alpha: One', 'URW: Beta: Three', 'URW: Beta: Two']);
    expect(rowTargets(gold[1], space)).toEqual([0, 3, 6, 7]);
    expect(parentOf('URW: Beta: Two', taxonomy.narratives)).toBe('URW: Beta');
  });

  it('says Other when no narrative is likely', () => {
    const d = decodeLabels([0.1, 0.1, 0.2, 0.3, 0.1, 0.9, 0.1, 0.1], space, params);
    expect(d.narratives).toEqual(['Other']);
    expect(d.subNarratives).toEqual(['Other']);
  });

  it('a sub-narrative implies its narrative; a narrative alone gets "<narrative>: Other"', () => {
    // URW: Beta is best (0.6) and chosen; CC: Alpha: One (0.8) pulls in CC: Alpha (0.3) with it.
    const d = decodeLabels([0.9, 0.4, 0.3, 0.6, 0.1, 0.8, 0.1, 0.2], space, params);
    expect(d.narratives).toEqual(['CC: Alpha', 'URW: Beta']);
    expect(d.subNarratives).toEqual(['CC: Alpha: One', 'URW: Beta: Other']);
  });

  it('single-domain decoding keeps only the likelier domain, and the Other hedge adds "Other"', () => {
    const p = [0.9, 0.4, 0.3, 0.6, 0.1, 0.8, 0.1, 0.2];
    const single = decodeLabels(p, space, { ...params, singleDomain: true });
    expect(single.narratives).toEqual(['URW: Beta']);
    const hedged = decodeLabels([0.3, 0.2, 0.1, 0.6, 0.1, 0.1, 0.1, 0.7], space, { ...params, hedgeOther: 0.6 });
    expect(hedged.narratives).toEqual(['URW: Beta', 'Other']);
    expect(hedged.subNarratives).toEqual(['URW: Beta: Two', 'Other']);
  });
});

describe('explanations', () => {
  it('keeps at most 80 words in article order', () => {
    const text = `${'word '.repeat(60)}. Second part ${'more '.repeat(40)}.`;
    const first = { start: 0, end: text.indexOf('.') + 1 };
    const second = { start: text.indexOf('Second'), end: text.length };
    const e = explanationFrom(text, [second, first]);
    expect(e.text.split(' ').length).toBe(80);
    expect(e.text.startsWith('word')).toBe(true);
    expect(e.spans).toEqual([first, second]);
  });

  it('chrF is 1 for equal texts and lower for different ones', () => {
    expect(chrF('the cat sat', 'the cat sat')).toBeCloseTo(1, 10);
    expect(chrF('the dog ran', 'the cat sat')).toBeLessThan(0.5);
    expect(chrF('', 'x')).toBe(0);
  });
});

describe('narratives annotator', () => {
  it('reports "unavailable" with a reason for a language without a model, without throwing', () => {
    const article = createArticle({ raw: 'Ein Titel\n\nDies ist ein kurzer erfundener Beispieltext.', origin: { format: 'text' } });
    const a = analyzeArticle(article, { annotators: [narrativesAnnotator], language: 'xx' });
    expect(a.narratives?.status).toBe('unavailable');
    expect(a.narratives?.reason).toBe('not run for language "xx" (models for bg, en, hi, pt, ru)');
    expect(a.notes).toContain('Narratives: not run for language "xx" (models for bg, en, hi, pt, ru).');
    expect(a.narratives?.narratives).toEqual([]);
  });

  it('reports "unavailable" when no text remains', () => {
    const article = createArticle({ raw: '   \n  ', origin: { format: 'text' } });
    const a = analyzeArticle(article, { annotators: [narrativesAnnotator], language: 'en' });
    expect(a.narratives?.status).toBe('unavailable');
    expect(a.narratives?.reason).toMatch(/no usable text/);
  });
});

describe('taxonomy files', () => {
  it('reads the label lists, dropping blank lines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'narr-tax-'));
    writeFileSync(join(dir, 'subtask2_narratives.txt'), 'CC: Alpha\nOther\n\n');
    writeFileSync(join(dir, 'subtask2_subnarratives.txt'), 'CC: Alpha: One\r\nOther');
    expect(loadTaxonomy(dir)).toEqual({ narratives: ['CC: Alpha', 'Other'], subNarratives: ['CC: Alpha: One', 'Other'] });
  });
});

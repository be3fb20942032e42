/**
 * The pipeline on a mixed-language text: each language part is annotated with its own models on its
 * own paragraphs, and the merged Analysis reports the parts. A one-language text runs as before.
 * Invented articles; uses the shipped models.
 */
import { describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { analyzeArticle, buildDoc, partDoc } from '../../src/pipeline.js';
import type { Task } from '../../src/tasks/task.js';
import { AnalysisSchema } from '../../src/schema.js';
import { renderReport } from '../../src/cli/report.js';
import type { Doc } from '../../src/doc/doc.js';
import type { Span } from '../../src/doc/span.js';

const EN_1 =
  'Officials in Washington said on Monday that the new sanctions against Russia would stay in place until the war in Ukraine ends, and that more weapons would be sent to Kyiv before the winter.';
const RU_1 =
  'Жители города жалуются, что счета за отопление выросли почти вдвое. Многие считают, что санкции против России ударили прежде всего по простым людям в Европе, а не по политикам, которые их придумали.';
const DE_1 =
  'Die Stadtverwaltung kündigte an, dass sie im Winter zusätzliche Wärmestuben öffnen werde. Viele Bürger sagen, dass die Energiepreise ihre Ersparnisse aufzehren und die Regierung zu spät reagiert habe.';
const EN_2 = 'The mayor promised a report next month and said the city would keep its schools warm whatever happens to the price of gas.';

const MIXED = ['Three voices on the sanctions', EN_1, RU_1, DE_1, EN_2].join('\n');
const article = (raw: string) => createArticle({ raw, id: 'mixed-1', origin: { format: 'text' } });
const within = (span: Span, spans: readonly Span[]) => spans.some((p) => span.start >= p.start && span.end <= p.end);

describe('analyzeArticle on a mixed-language text', () => {
  const analysis = analyzeArticle(article(MIXED));
  const parts = analysis.language.parts!;
  const partOf = (code: string) => parts.find((p) => p.code === code)!;

  it('reports the text as mixed, with each language, its share and its paragraphs', () => {
    expect(analysis.language.mixed).toBe(true);
    expect(parts.map((p) => p.code).sort()).toEqual(['de', 'en', 'ru']);
    expect(analysis.language.code).toBe('en');
    expect(analysis.language.reliable).toBe(false);
    const ru = partOf('ru').paragraphs;
    expect(MIXED.slice(ru[0].start, ru[0].end)).toBe(RU_1);
    expect(() => AnalysisSchema.parse(analysis)).not.toThrow();
  });

  it("quotes each narrative's evidence from the part of the model that found it", () => {
    const n = analysis.narratives!;
    expect(n.status).toBe('ok');
    const allowed = [...partOf('en').paragraphs, ...partOf('ru').paragraphs];
    for (const label of [...n.narratives, ...n.subNarratives])
      for (const e of label.evidence) {
        expect(within(e, allowed)).toBe(true);
        expect(within(e, partOf('de').paragraphs)).toBe(false);
      }
  });

  it('runs the English-only tasks on the English paragraphs only', () => {
    // Techniques have a model per language: each span lies inside one part's paragraphs.
    for (const s of analysis.techniques?.spans ?? []) expect(parts.some((p) => within(s, p.paragraphs))).toBe(true);
    expect(analysis.models.map((m) => m.task)).toEqual(expect.arrayContaining(['narratives', 'entities']));
    expect(analysis.models.filter((m) => m.task === 'narratives').map((m) => m.version.slice(0, 2)).sort()).toEqual(['EN', 'RU']);
  });

  it('names the parts and the languages without a model in the notes', () => {
    expect(analysis.notes[0]).toMatch(/^Mixed-language text \(en \d+%, (de|ru) \d+%, (de|ru) \d+%\)/);
    expect(analysis.notes).toContain('Narratives: not run for language "de" (models for bg, en, hi, pt, ru).');
    expect(analysis.notes.some((n) => n.startsWith('Techniques:'))).toBe(false);
  });

  it('says "mixed" with the shares in the terminal report', () => {
    expect(renderReport(analysis, MIXED)).toMatch(/Language: mixed: English \d+%, (German|Russian) \d+%, (German|Russian) \d+%/);
  });

  it('keeps the whole text in the text section', () => {
    expect(analysis.text.paragraphs).toHaveLength(5);
  });
});

describe('partDoc', () => {
  it("hides the other parts' paragraphs and keeps raw offsets", () => {
    const { doc, cleaning } = buildDoc(article(MIXED));
    const de = partDoc(doc, cleaning.removed, 'de');
    expect(de.language.code).toBe('de');
    expect(de.view.text).toContain(DE_1);
    expect(de.view.text).not.toContain(RU_1);
    expect(de.view.text).not.toContain(EN_2);
    for (const s of de.sentences) expect(DE_1).toContain(MIXED.slice(s.start, s.end));
  });
});

describe('analyzeArticle on a one-language text', () => {
  const seen: string[] = [];
  const spy: Task<null, undefined> = {
    id: 'spy',
    requires: [],
    languages: () => ['en'],
    model: () => null,
    version: () => 'spy-1',
    annotate: (doc: Doc) => void seen.push(doc.view.text),
    facets: [],
    labelRows: () => [],
  };

  it('runs every annotator once on the whole clean text and reports no parts', () => {
    const raw = ['Sanctions stay in place', EN_1, EN_2, 'Shop owners say their electricity bills have doubled since spring.'].join('\n');
    const analysis = analyzeArticle(article(raw), { annotators: [spy] });
    expect(analysis.language.mixed).toBeUndefined();
    expect(analysis.language.parts).toBeUndefined();
    expect(analysis.language.code).toBe('en');
    expect(seen).toEqual([raw]);
  });

  it('takes a given language as the whole text\'s, mixed or not', () => {
    seen.length = 0;
    const analysis = analyzeArticle(article(MIXED), { annotators: [spy], language: 'en' });
    expect(analysis.language.parts).toBeUndefined();
    expect(seen).toEqual([MIXED]);
  });
});

/**
 * PTC (SemEval-2020 Task 11) predictions in the official SI and TC formats, from a tiny techniques
 * model trained on invented sentences: exact row shapes, what the official scorers demand (no
 * overlapping SI spans, TC rows on exactly the template's spans), the name mapping, and bad input.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FeatureHasher, markText, TfidfSpace } from '../../src/features/index.js';
import { saveTaskModel, trainPrimalOneVsRest, type TaskModel } from '../../src/learn/index.js';
import { parseSpanLabels } from '../../src/tasks/techniques/io.js';
import { predictPtc, ptcPrediction, ptcPredictor, ptcSiRows, ptcTcRows, ptcTechniqueOf, rankPtcTechniques, readPtcTemplate } from '../../src/tasks/techniques/ptc.js';
import { scoreSpanIdentification, scoreTechniqueClassification } from '../../src/tasks/techniques/score.js';
import { PTC_TECHNIQUES } from '../../src/tasks/techniques/taxonomy.js';

const HASHER = { bits: 16, wordNgrams: [1, 2] as [number, number], charNgrams: null };

// Invented training sentences: loaded words, flag waving, an appeal to values PTC has no class for, and neutral prose.
const TRAIN: [string, number[]][] = [
  ['The shameless crooks in the ministry lied again.', [0]],
  ['Those disgusting villains wrecked the harbour.', [0]],
  ['A shameless and disgusting stunt by the mayor.', [0]],
  ['Cowardly crooks and villains run the council.', [0]],
  ['Every true patriot must stand up for our great nation.', [1]],
  ['Our nation and our flag come first, say the patriots.', [1]],
  ['Stand with the nation, every patriot knows the flag.', [1]],
  ['Decency and honesty are the values of our families.', [2]],
  ['Honesty and decency matter to ordinary families.', [2]],
  ['The committee met on Tuesday to review the budget.', []],
  ['The ferry timetable changes in the spring.', []],
  ['Rain is expected across the valley on Friday.', []],
  ['The library opens an hour later during the holidays.', []],
  ['Engineers inspected the bridge last week.', []],
];

/** A techniques-recipe model with the given label names (SemEval-2023 or PTC), thresholds 0.5. */
function tinyModel(labels: string[]): TaskModel {
  const h = new FeatureHasher(HASHER);
  const counts = TRAIN.map(([t]) => h.counts(markText(t)));
  const space = TfidfSpace.fit(counts, 1 << HASHER.bits, { minDf: 1 });
  const model = trainPrimalOneVsRest(counts.map((c) => space.transform(c)), TRAIN.map(([, y]) => y), labels, space.size, { C: 10 });
  return { task: 'techniques', version: 'test', hasher: HASHER, space, model, meta: { prepare: 'mark', thresholds: labels.map(() => 0.5) } };
}

const SEMEVAL_MODEL = tinyModel(['Loaded_Language', 'Flag_Waving', 'Appeal_to_Values']);

// Invented articles in the PTC layout: title, empty line, one sentence per line.
const ARTICLES = new Map([
  ['7001', 'Harbour news\n\nThe shameless crooks wrecked the harbour again.\nThe ferry timetable changes in the spring.\nEvery true patriot must stand up for our great nation.\n'],
  ['7002', 'Weather\n\nRain is expected across the valley on Friday.\n'],
]);

describe('ptcTechniqueOf', () => {
  it('keeps PTC names and maps SemEval-2023 names onto the PTC classes, dropping those PTC lacks', () => {
    expect(ptcTechniqueOf('Flag-Waving')).toBe('Flag-Waving');
    expect(ptcTechniqueOf('Flag_Waving')).toBe('Flag-Waving');
    expect(ptcTechniqueOf('Name_Calling-Labeling')).toBe('Name_Calling,Labeling');
    expect(ptcTechniqueOf('Straw_Man')).toBe('Whataboutism,Straw_Men,Red_Herring');
    expect(ptcTechniqueOf('Guilt_by_Association')).toBe('Bandwagon,Reductio_ad_hitlerum');
    expect(ptcTechniqueOf('Conversation_Killer')).toBe('Thought-terminating_Cliches');
    expect(ptcTechniqueOf('Appeal_to_Values')).toBeNull();
    expect(ptcTechniqueOf('Questioning_the_Reputation')).toBeNull();
  });
});

describe('PTC SI output', () => {
  const p = ptcPredictor(SEMEVAL_MODEL);
  const out = ptcPrediction(p, ARTICLES, { format: 'si' });

  it('writes one "id<TAB>start<TAB>end" row per span, spans inside their article, none empty or overlapping', () => {
    const rows = out.split('\n').filter(Boolean);
    expect(out.endsWith('\n')).toBe(true);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r).toMatch(/^\d+\t\d+\t\d+$/);
    const parsed = parseSpanLabels(out, { withTechnique: false });
    expect(parsed.problems).toEqual([]);
    for (const id of ARTICLES.keys()) {
      const spans = parsed.rows.filter((r) => r.id === id);
      spans.forEach((s, i) => {
        expect(s.start).toBeLessThan(s.end);
        expect(s.end).toBeLessThanOrEqual(ARTICLES.get(id)!.length);
        if (i > 0) expect(s.start).toBeGreaterThan(spans[i - 1].end);
      });
    }
  });

  it('marks the loaded and flag-waving sentences and leaves the neutral ones alone', () => {
    const text = ARTICLES.get('7001')!;
    const marked = parseSpanLabels(out, { withTechnique: false }).rows.filter((r) => r.id === '7001').map((r) => text.slice(r.start, r.end));
    expect(marked.join(' | ')).toMatch(/shameless|crooks/);
    expect(marked.join(' | ')).toMatch(/patriot|nation/);
    expect(marked.join(' | ')).not.toMatch(/ferry|timetable/);
    expect(ptcSiRows(p, '7002', ARTICLES.get('7002')!)).toEqual([]);
  });

  it('scores 1 against itself with the SI measure (the round trip through the file format)', () => {
    const rows = parseSpanLabels(out, { withTechnique: false }).rows;
    const group = new Map<string, { start: number; end: number }[]>();
    for (const r of rows) group.set(r.id, [...(group.get(r.id) ?? []), r]);
    expect(scoreSpanIdentification(group, group).f1).toBeCloseTo(1, 10);
  });

  it('merges a model span and a detector span that overlap into one row', () => {
    const withDetectors = ptcSiRows(p, '7001', ARTICLES.get('7001')!);
    const without = ptcSiRows(ptcPredictor(SEMEVAL_MODEL, { detectors: false }), '7001', ARTICLES.get('7001')!);
    for (const rows of [withDetectors, without]) for (let i = 1; i < rows.length; i++) expect(rows[i].start).toBeGreaterThan(rows[i - 1].end);
  });
});

describe('PTC TC output', () => {
  const text = ARTICLES.get('7001')!;
  const at = (phrase: string) => [text.indexOf(phrase), text.indexOf(phrase) + phrase.length];
  const [ls, le] = at('The shameless crooks wrecked the harbour again');
  const [fs, fe] = at('Every true patriot must stand up for our great nation');
  // The corpus's template holds "0" where the README says "?"; both are placeholders. The second span is listed twice.
  const template = `7001\t?\t${ls}\t${le}\n7001\t0\t${fs}\t${fe}\n7001\t0\t${fs}\t${fe}\n`;

  it('writes "id<TAB>technique<TAB>start<TAB>end" on exactly the template spans, in its order, with PTC names', () => {
    const out = ptcPrediction(ptcPredictor(SEMEVAL_MODEL), ARTICLES, { format: 'tc', template, templateFile: 'test.tc' });
    const rows = out.split('\n').filter(Boolean).map((r) => r.split('\t'));
    expect(rows.map((r) => [r[0], Number(r[2]), Number(r[3])])).toEqual([['7001', ls, le], ['7001', fs, fe], ['7001', fs, fe]]);
    expect(rows.every((r) => r.length === 4 && (PTC_TECHNIQUES as readonly string[]).includes(r[1]))).toBe(true);
    expect(parseSpanLabels(out, { vocabulary: 'ptc' }).problems).toEqual([]);
    expect(rows[0][1]).toBe('Loaded_Language');
    expect(rows[1][1]).toBe('Flag-Waving');
    // A span listed twice gets its two most probable techniques, not the same one twice.
    expect(rows[2][1]).not.toBe(rows[1][1]);
  });

  it('scores with the TC measure against gold rows on the same spans', () => {
    const pred = parseSpanLabels(ptcPrediction(ptcPredictor(SEMEVAL_MODEL), ARTICLES, { format: 'tc', template, templateFile: 't' }), { vocabulary: 'ptc' }).rows;
    const gold = [
      { id: '7001', technique: 'Loaded_Language', start: ls, end: le },
      { id: '7001', technique: 'Flag-Waving', start: fs, end: fe },
      { id: '7001', technique: 'Slogans', start: fs, end: fe },
    ];
    const s = scoreTechniqueClassification(gold, pred);
    expect(s.gold).toBe(3);
    expect(s.predicted).toBe(3);
    expect(s.f1).toBeGreaterThanOrEqual(2 / 3 - 1e-9);
  });

  it('ranks every PTC class once, the classes the model has no label for last', () => {
    const p = ptcPredictor(tinyModel(['Loaded_Language', 'Flag-Waving', 'Slogans']));
    const order = rankPtcTechniques(p, 'Every true patriot loves the nation');
    expect(new Set(order).size).toBe(PTC_TECHNIQUES.length);
    expect(order[0]).toBe('Flag-Waving');
    expect(order.slice(3)).toEqual(PTC_TECHNIQUES.filter((t) => !['Loaded_Language', 'Flag-Waving', 'Slogans'].includes(t)));
  });

  it('names the template file and line of a span outside its article or of an unknown article', () => {
    const p = ptcPredictor(SEMEVAL_MODEL);
    const rows = (t: string) => readPtcTemplate(t, 'tc.template');
    const past = rows(`7001\t0\t0\t5\n\n7001\t0\t10\t99999\n`);
    expect(past.fileLines).toEqual([1, 3]);
    expect(() => ptcTcRows(p, past.rows, ARTICLES, 'tc.template', past.fileLines)).toThrow(/^tc\.template:3: span 10-99999 is empty or past the end of article 7001/);
    const unknown = rows(`9999\t0\t0\t5\n`);
    expect(() => ptcTcRows(p, unknown.rows, ARTICLES, 'tc.template', unknown.fileLines)).toThrow(/^tc\.template:1: no article with id 9999/);
    expect(() => rows(`7001\t0\t5\n`)).toThrow(/^tc\.template:1: expected 4 tab-separated columns, found 3/);
    expect(() => rows(`7001\t0\t9\t5\n`)).toThrow(/^tc\.template:1: bad offsets/);
  });
});

describe('predictPtc (predict techniques --format ptc-si|ptc-tc)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'narrascope-ptc-'));
  const modelFile = join(dir, 'EN.nscm');
  const templateFile = join(dir, 'test.tc.template');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  saveTaskModel(modelFile, SEMEVAL_MODEL);

  it('reads a folder of article files (passing over resource-fork files) and a template file', () => {
    const folder = mkdtempSync(join(dir, 'articles-'));
    for (const [id, text] of ARTICLES) writeFileSync(join(folder, `article${id}.txt`), text);
    writeFileSync(join(folder, '._article7001.txt'), '\u0000\u0005binary');
    const si = predictPtc(folder, { format: 'ptc-si', model: modelFile });
    // The stored model is quantised, so compare shapes and ids rather than exact offsets.
    expect(si.split('\n').filter(Boolean).every((r) => /^700[12]\t\d+\t\d+$/.test(r))).toBe(true);
    writeFileSync(templateFile, `7001\t0\t0\t12\n`);
    expect(predictPtc(folder, { format: 'ptc-tc', template: templateFile, model: modelFile })).toMatch(/^7001\t[A-Za-z_,-]+\t0\t12\n$/);
  });

  it('refuses an unknown format, and ptc-tc without a template', () => {
    expect(() => predictPtc(dir, { format: 'flc', model: modelFile })).toThrow(/--format: expected "semeval2023", "ptc-si" or "ptc-tc", got "flc"/);
    expect(() => predictPtc(dir, { format: 'ptc-tc', model: modelFile })).toThrow(/--format ptc-tc needs --template FILE/);
    expect(() => predictPtc(dir, { format: 'ptc-tc', template: join(dir, 'missing.template'), model: modelFile })).toThrow(/missing\.template: cannot read file/);
  });
});

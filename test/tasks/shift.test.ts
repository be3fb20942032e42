/**
 * The batch step of label-shift adaptation (src/tasks/shift.ts, pipeline.ts analyzeBatch) on the
 * test-only tone task, whose shift hook re-weights its calm/alarmed probabilities: decisions follow
 * a batch's mix, stay at the training priors for tiny batches or with `training`, are recorded in the
 * Analysis and reach the store's label index.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { analyzeBatch, batchAnalyser } from '../../src/pipeline.js';
import { AnalysisSchema } from '../../src/schema.js';
import { batchPriorsText, confidenceMeaning, describeAdapted, MIN_BATCH_ARTICLES, shiftingTasks } from '../../src/tasks/shift.js';
import type { AnyTask } from '../../src/tasks/task.js';
import { toneShift, toneTask } from '../fixtures/tasks/tone/annotate.js';
import { tempStore } from '../store/fixtures.js';

const PLACES = ['Varnholm', 'Eskerby', 'Lunmoor', 'Tidewick', 'Orrisdale'];

/** A calm invented report (tone calm, 0.8). */
const calm = (i: number) => `Library hours ${i}\nThe library of ${PLACES[i % 5]} opens an hour earlier on weekday ${i % 7}.`;
/** A mildly alarmed invented report: one alarm word (tone alarmed, 0.6). */
const mild = (i: number) => `Road closed ${i}\nDrivers in ${PLACES[i % 5]} were alarmed by a closed road near bridge ${i}.`;
/** A very alarmed invented report: four alarm words (tone alarmed, 0.9). */
const loud = (i: number) => `Storm warning ${i}!\nPanic in ${PLACES[i % 5]}! The storm is a disaster!`;

const inputs = (texts: string[]) => texts.map((raw, i) => ({ article: createArticle({ id: `t${i}`, raw, origin: { format: 'text' } }), language: 'en' }));
const range = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i));
const tones = (analyses: readonly unknown[]) => analyses.map((a) => (a as { tone: { label: string } }).tone.label);
const onByDefault: AnyTask = { ...toneTask, shift: { ...toneShift, byDefault: true } };

/** 25 calm and 5 mildly alarmed articles: a batch that is mostly calm. */
const calmBatch = () => inputs([...range(25, calm), ...range(5, mild)]);

describe('analyzeBatch with batch priors', () => {
  it('re-decides a label the batch makes unlikely: mild alarms in a calm batch become calm', () => {
    const training = analyzeBatch(calmBatch(), { annotators: [toneTask], priors: 'training' });
    expect(tones(training.analyses).filter((t) => t === 'alarmed')).toHaveLength(5);
    const batch = analyzeBatch(calmBatch(), { annotators: [toneTask], priors: 'batch' });
    expect(tones(batch.analyses).every((t) => t === 'calm')).toBe(true);
    expect(batch.adapted).toEqual([{ task: 'tone', language: 'en', articles: 30, adapted: true }]);
  });

  it('keeps strong evidence: loud alarms stay alarmed in a calm batch', () => {
    const { analyses } = analyzeBatch(inputs([...range(25, calm), ...range(3, loud)]), { annotators: [toneTask], priors: 'batch' });
    expect(tones(analyses).slice(25)).toEqual(['alarmed', 'alarmed', 'alarmed']);
  });

  it('records the batch and training priors of the labels that moved, in a valid Analysis', () => {
    const { analyses } = analyzeBatch(calmBatch(), { annotators: [toneTask], priors: 'batch' });
    const shift = analyses[0].labelShift?.tone;
    expect(shift?.batchSize).toBe(30);
    expect(shift?.trainingPriors).toEqual({ calm: 0.5, alarmed: 0.5 });
    expect(shift!.priors.calm).toBeGreaterThan(0.8);
    expect(shift!.priors.calm + shift!.priors.alarmed).toBeCloseTo(1, 2);
    expect(AnalysisSchema.parse(analyses[0]).labelShift).toEqual(analyses[0].labelShift);
  });

  it('keeps the training priors for a batch smaller than MIN_BATCH_ARTICLES, and says so', () => {
    const small = inputs([...range(MIN_BATCH_ARTICLES - 6, calm), ...range(5, mild)]);
    const { analyses, adapted } = analyzeBatch(small, { annotators: [toneTask], priors: 'batch' });
    expect(tones(analyses).filter((t) => t === 'alarmed')).toHaveLength(5);
    expect(analyses.some((a) => a.labelShift)).toBe(false);
    expect(adapted).toEqual([{ task: 'tone', language: 'en', articles: MIN_BATCH_ARTICLES - 1, adapted: false }]);
    expect(describeAdapted(adapted)).toBe(`tone: training label priors kept for ${MIN_BATCH_ARTICLES - 1} en article(s) (fewer than ${MIN_BATCH_ARTICLES})`);
  });

  it('is off with training priors, and by default for a hook that is not on by default', () => {
    for (const priors of ['training', undefined] as const) {
      const { analyses, adapted } = analyzeBatch(calmBatch(), { annotators: [toneTask], priors });
      expect(tones(analyses).filter((t) => t === 'alarmed')).toHaveLength(5);
      expect(adapted).toEqual([]);
    }
    expect(shiftingTasks([toneTask])).toEqual([]);
    expect(shiftingTasks([onByDefault]).map((t) => t.id)).toEqual(['tone']);
    expect(shiftingTasks([onByDefault], 'training')).toEqual([]);
  });

  it('is on by default for a hook that says byDefault', () => {
    const { analyses } = analyzeBatch(calmBatch(), { annotators: [onByDefault] });
    expect(tones(analyses).every((t) => t === 'calm')).toBe(true);
  });

  it('estimates each language apart and leaves out articles the task did not annotate', () => {
    const french = inputs(range(25, calm)).map((i) => ({ ...i, language: 'fr' }));
    const { analyses, adapted } = analyzeBatch([...calmBatch(), ...french], { annotators: [toneTask], priors: 'batch' });
    expect(adapted).toEqual([{ task: 'tone', language: 'en', articles: 30, adapted: true }]);
    expect(analyses.slice(30).every((a) => a.labelShift === undefined && !('tone' in a))).toBe(true);
  });

  it('leaves a batch as it was, with a note, when a task cannot adapt, and goes on with the other tasks', () => {
    const broken: AnyTask = {
      ...toneTask,
      id: 'broken',
      facets: [],
      shift: { ...toneShift, redecide: () => { throw new Error('no calibration in the model file'); } },
    };
    const { analyses, adapted } = analyzeBatch(calmBatch(), { annotators: [broken, toneTask], priors: 'batch' });
    expect(adapted).toEqual([
      { task: 'broken', language: 'en', articles: 30, adapted: false, error: 'no calibration in the model file' },
      { task: 'tone', language: 'en', articles: 30, adapted: true },
    ]);
    const sections = analyses.map((a) => (a as unknown as { broken: { label: string } }).broken.label);
    expect(sections.filter((t) => t === 'alarmed')).toHaveLength(5);
    expect(analyses[0].notes).toContain("Broken: decided under the training label priors, not the batch's: no calibration in the model file.");
    expect(analyses[0].labelShift).toEqual({ tone: expect.any(Object) });
    expect(tones(analyses).every((t) => t === 'calm')).toBe(true);
    expect(describeAdapted(adapted)).toContain('broken: training label priors kept for 30 en article(s): no calibration in the model file');
  });

  it("uses the model's own pseudo-count, which pulls the batch priors toward the training priors", () => {
    const calmShare = (task: AnyTask, pseudoCount?: number) => analyzeBatch(calmBatch(), { annotators: [task], priors: 'batch', ...(pseudoCount !== undefined ? { pseudoCount } : {}) }).analyses[0].labelShift!.tone.priors.calm;
    const pulled: AnyTask = { ...toneTask, shift: { ...toneShift, pseudoCount: () => 30 } };
    expect(calmShare(pulled)).toBeLessThan(calmShare(toneTask) - 0.1);
    expect(calmShare(toneTask, 30)).toBeCloseTo(calmShare(pulled), 6);
  });

  it('lets each Doc go once its batch is adapted: a second adapt of the same analyses changes nothing', () => {
    const analyser = batchAnalyser({ annotators: [toneTask], priors: 'batch' });
    const analyses = calmBatch().map((i) => analyser.analyse(i.article, i.language));
    expect(analyser.adapt(analyses)).toHaveLength(1);
    expect(analyser.adapt(analyses)).toEqual([]);
  });
});

describe('adapted analyses in the store', () => {
  const { store, close } = tempStore('narrascope-shift-', 'shift.db', { tasks: [toneTask] });
  afterAll(() => close());

  it('index the re-decided labels', () => {
    const batch = calmBatch();
    const { analyses } = analyzeBatch(batch, { annotators: [toneTask], priors: 'batch' });
    store.putBatch(batch.map((b, i) => ({ article: b.article, analysis: analyses[i] })));
    expect(store.labelCounts('tone')).toEqual([{ task: 'tone', label: 'calm', count: 30 }]);
    expect(store.get('t29')?.analysis.labelShift?.tone.batchSize).toBe(30);
  });
});

describe('how the batch priors and scores are explained', () => {
  it('lists the moved labels, highest batch prior first, beside their training priors', () => {
    const text = batchPriorsText({ batchSize: 240, priors: { opinion: 0.3, reporting: 0.62 }, trainingPriors: { opinion: 0.88, reporting: 0.08 } });
    expect(text).toBe("decided under this batch's label mix (240 articles): reporting 0.62 (training 0.08), opinion 0.30 (training 0.88)");
  });

  it('says when no label moved, and shows SemEval names with spaces', () => {
    expect(batchPriorsText({ batchSize: 25, priors: {}, trainingPriors: {} })).toBe("decided under this batch's label mix (25 articles), which is close to the training mix");
    expect(batchPriorsText({ batchSize: 25, priors: { Crime_and_punishment: 0.2 }, trainingPriors: { Crime_and_punishment: 0.1 } })).toContain('Crime and punishment 0.20');
  });

  it('says what a score means in the notation of the display', () => {
    expect(confidenceMeaning('70%')).toContain('of the articles given 70% for a label, about 7 in 10 carry it');
  });
});

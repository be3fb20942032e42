// Calibrated entity-role confidences: fitting rule, model-file round trip, decisions unchanged, old files raw.
import { describe, expect, it } from 'vitest';
import { annotateEntities } from '../../src/tasks/entities/annotate.js';
import { calibratedFine, calibratedMain, fitEntityCalibration, FINE_MIN_SHOWN } from '../../src/tasks/entities/calibrate.js';
import type { MentionExample } from '../../src/tasks/entities/corpus.js';
import { DEFAULT_DECODE, fineGroups } from '../../src/tasks/entities/decode.js';
import { decodeEntityModel, encodeEntityModel, EntityRoleModel } from '../../src/tasks/entities/model.js';
import { taxonomyFromPairs } from '../../src/tasks/entities/taxonomy.js';
import { corpusContexts, trainEntityModel } from '../../src/tasks/entities/train.js';
import { reliability } from '../../src/learn/calibration.js';

const taxonomy = taxonomyFromPairs([
  ['Protagonist', 'Guardian'],
  ['Antagonist', 'Instigator'],
  ['Antagonist', 'Deceiver'],
  ['Innocent', 'Victim'],
]);

/** A seeded pseudo-random stream, so the synthetic scores are the same on every run. */
function rng(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

describe('fitting the entity calibration maps', () => {
  // Over-confident synthetic scores: the decided main role scores 0.95 but is right 60% of the time;
  // Instigator is shown often (own map), Deceiver rarely (shared map).
  const r = rng(7);
  const pm: Float64Array[] = [];
  const pf: Float64Array[] = [];
  const main: number[] = [];
  const fine: number[][] = [];
  for (let i = 0; i < 400; i++) {
    const right = r() < 0.6;
    const rare = i % 40 === 0;
    pm.push(Float64Array.from([0.03, 0.95, 0.02]));
    pf.push(Float64Array.from([0.01, rare ? 0.3 : 0.9, rare ? 0.8 : 0.2, 0.01]));
    main.push(right ? 1 : 2);
    fine.push(right ? [rare ? 2 : 1] : [3]);
  }
  const groups = fineGroups(taxonomy);
  const c = fitEntityCalibration({ pm, pf, main, fine }, groups, DEFAULT_DECODE, 4);

  it('brings an over-confident main role down to its accuracy', () => {
    const before = reliability(pm.map((p) => p[1]), main.map((m) => m === 1)).ece;
    const after = reliability(pm.map((p) => calibratedMain(c, p, 1)), main.map((m) => m === 1)).ece;
    expect(before).toBeGreaterThan(0.3);
    expect(after).toBeLessThan(0.05);
  });

  it('gives a frequently shown fine role its own map and the rare ones the shared map', () => {
    expect(400 - 10).toBeGreaterThanOrEqual(FINE_MIN_SHOWN);
    expect(c.fine[1]).not.toEqual(c.fine[2]);
    // Never-shown roles (Guardian, Victim) and the rarely shown Deceiver share one map.
    expect(c.fine[2]).toEqual(c.fine[0]);
    expect(c.fine[3]).toEqual(c.fine[0]);
    expect(calibratedFine(c, 1, 0.9)).toBeGreaterThan(0.45);
    expect(calibratedFine(c, 1, 0.9)).toBeLessThan(0.75);
  });

  it('is monotone per label, so thresholds and rankings on raw scores keep their order', () => {
    for (const f of [0, 1, 2, 3]) expect(calibratedFine(c, f, 0.7)).toBeGreaterThan(calibratedFine(c, f, 0.4));
    expect(calibratedMain(c, [0.2, 0.7, 0.1], 1)).toBeGreaterThan(calibratedMain(c, [0.2, 0.5, 0.3], 1));
  });
});

// An invented corpus: in each article an aggressor attacks a town and a defender protects it.
function makeCorpus() {
  const AGGRESSORS = ['Varnok', 'Tellurin', 'Grosk', 'Mardavia', 'Oskel', 'Brennia'];
  const TOWNS = ['Ellin', 'Porvo', 'Sanna', 'Quell', 'Abri', 'Tomsk Vale'];
  const DEFENDERS = ['Captain Ruhl', 'Lady Ines', 'Marshal Obed', 'Warden Tay', 'Sister Mol', 'Chief Ardo'];
  const texts = new Map<string, string>();
  const examples: MentionExample[] = [];
  let n = 0;
  for (let i = 0; i < 30; i++) {
    const a = AGGRESSORS[i % 6];
    const t = TOWNS[(i * 5) % 6];
    const d = DEFENDERS[(i * 7) % 6];
    const file = `CAL_${i}.txt`;
    const raw = `Report ${i}\n\n${a} attacked and shelled ${t} again. ${d} bravely protected ${t} and its families. Later ${a} lied about the attack.\n`;
    texts.set(file, raw);
    const add = (name: string, main: number, fineIds: number[]) => {
      const start = raw.indexOf(name);
      examples.push({ row: { file, mention: name, start, end: start + name.length - 1, main: '', fine: [], line: ++n }, file, name, span: { start, end: start + name.length }, main, fine: fineIds });
    };
    add(a, 1, [i % 3 === 0 ? 2 : 1]);
    add(t, 2, [3]);
    add(d, 0, [0]);
  }
  return { language: 'XX', taxonomy, texts, examples, notes: [] };
}

describe('calibration maps in an entity model', () => {
  const corpus = makeCorpus();
  const model = trainEntityModel('XX', corpus, corpus.examples, corpusContexts(corpus), { seed: 5 });
  const raw = new EntityRoleModel(model.info, model.taxonomy, model.featureOptions, model.prior, model.main, model.fine, model.decode, model.names);
  const text = 'Headline\n\nZorvia attacked and shelled Lumen again. Keeper Anwe bravely protected Lumen and its families. Zorvia lied.';

  it('fits the maps at training time and stores them in the model file', () => {
    expect(model.calibration?.main.bias).toHaveLength(3);
    expect(model.calibration?.fine).toHaveLength(4);
    const back = decodeEntityModel(encodeEntityModel(model), 'cal.nscm');
    expect(back.calibration).toEqual(model.calibration);
  });

  it('shows calibrated scores with the same decisions as the raw model', () => {
    const ctx = corpusContexts(corpus);
    for (const e of corpus.examples.slice(0, 15)) {
      const a = model.classify(ctx.get(e.file)!, e.span, e.name);
      const b = raw.classify(ctx.get(e.file)!, e.span, e.name);
      expect(a.main).toBe(b.main);
      expect(a.fine.map((f) => f.role)).toEqual(b.fine.map((f) => f.role));
      const m = taxonomy.mainRoles.indexOf(a.main);
      expect(a.mainScore).toBeCloseTo(calibratedMain(model.calibration!, a.mainScores, m), 12);
      expect(b.mainScore).toBe(b.mainScores[m]);
    }
    const cal = annotateEntities(text, [], model);
    const unc = annotateEntities(text, [], raw);
    expect(cal.map((e) => [e.name, e.mainRole, e.fineRoles.map((f) => f.role)])).toEqual(unc.map((e) => [e.name, e.mainRole, e.fineRoles.map((f) => f.role)]));
    expect(cal.map((e) => e.confidence)).not.toEqual(unc.map((e) => e.confidence));
  });

  it('loads a model file without maps and shows its raw scores', () => {
    const back = decodeEntityModel(encodeEntityModel(raw), 'old.nscm');
    expect(back.calibration).toBeUndefined();
    const ctx = corpusContexts(corpus);
    const e = corpus.examples[0];
    const p = back.classify(ctx.get(e.file)!, e.span, e.name);
    expect(p.mainScore).toBe(p.mainScores[taxonomy.mainRoles.indexOf(p.main)]);
    // Raw up to the int8 quantisation of the stored weights.
    const a = annotateEntities(text, [], back).map((x) => x.confidence);
    annotateEntities(text, [], raw).forEach((x, i) => expect(a[i]).toBeCloseTo(x.confidence, 2));
  });

  it('rejects malformed maps, naming the file and the field', () => {
    const bad = new EntityRoleModel(model.info, model.taxonomy, model.featureOptions, model.prior, model.main, model.fine, model.decode, model.names, { main: { temperature: 1, bias: [0] }, fine: model.calibration!.fine });
    expect(() => decodeEntityModel(encodeEntityModel(bad), 'bad.nscm')).toThrow(/bad\.nscm: calibration\.main/);
  });
});

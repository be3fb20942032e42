import { describe, expect, it } from 'vitest';
import { EntitySchema } from '../../src/schema.js';
import { annotateEntities } from '../../src/tasks/entities/annotate.js';
import { articleContext } from '../../src/tasks/entities/context.js';
import type { MentionExample } from '../../src/tasks/entities/corpus.js';
import { utf16ToCodePoint } from '../../src/tasks/entities/io.js';
import { decodeEntityModel, encodeEntityModel } from '../../src/tasks/entities/model.js';
import { predictMentions } from '../../src/tasks/entities/predict.js';
import { taxonomyFromPairs } from '../../src/tasks/entities/taxonomy.js';
import { corpusContexts, trainEntityModel } from '../../src/tasks/entities/train.js';

// A tiny invented corpus: in every article an aggressor attacks a town and a defender protects it.
const taxonomy = taxonomyFromPairs([
  ['Protagonist', 'Guardian'],
  ['Antagonist', 'Instigator'],
  ['Antagonist', 'Deceiver'],
  ['Innocent', 'Victim'],
]);
const AGGRESSORS = ['Varnok', 'Tellurin', 'Grosk', 'Mardavia', 'Oskel', 'Brennia'];
const TOWNS = ['Ellin', 'Porvo', 'Sanna', 'Quell', 'Abri', 'Tomsk Vale'];
const DEFENDERS = ['Captain Ruhl', 'Lady Ines', 'Marshal Obed', 'Warden Tay', 'Sister Mol', 'Chief Ardo'];

function makeCorpus() {
  const texts = new Map<string, string>();
  const examples: MentionExample[] = [];
  let n = 0;
  for (let i = 0; i < 36; i++) {
    const a = AGGRESSORS[i % 6];
    const t = TOWNS[(i * 5) % 6];
    const d = DEFENDERS[(i * 7) % 6];
    const file = `EX_${i}.txt`;
    const raw = `Example report ${i}\r\n\r\n${a} attacked and shelled ${t} again. ${d} bravely protected ${t} and its families. Later ${a} lied about the attack.\r\n`;
    texts.set(file, raw);
    const add = (name: string, from: number, main: number, fine: number[]) => {
      const start = raw.indexOf(name, from);
      examples.push({ row: { file, mention: name, start, end: start + name.length - 1, main: '', fine: [], line: ++n }, file, name, span: { start, end: start + name.length }, main, fine });
    };
    add(a, 0, 1, [1]);
    add(t, 0, 2, [3]);
    add(d, 0, 0, [0]);
  }
  return { language: 'XX', taxonomy, texts, examples, notes: [] };
}

describe('entity-role model', () => {
  const corpus = makeCorpus();
  const model = trainEntityModel('XX', corpus, corpus.examples, corpusContexts(corpus), { seed: 3 });

  it('learns roles from context for names it has never seen', () => {
    const raw = 'Example\n\nZorvia attacked and shelled Lumen again. Keeper Anwe bravely protected Lumen and its families.';
    const ctx = articleContext(raw);
    const at = (s: string) => ({ start: raw.indexOf(s), end: raw.indexOf(s) + s.length });
    expect(model.classify(ctx, at('Zorvia'), 'Zorvia').main).toBe('Antagonist');
    expect(model.classify(ctx, at('Lumen'), 'Lumen').main).toBe('Innocent');
    const d = model.classify(ctx, at('Keeper Anwe'), 'Keeper Anwe');
    expect(d.main).toBe('Protagonist');
    // Fine roles always belong to the chosen main role.
    expect(d.fine.map((f) => f.role)).toEqual(['Guardian']);
  });

  it('survives a model-file round trip with the same predictions', () => {
    const back = decodeEntityModel(encodeEntityModel(model), 'test model');
    const ctx = corpusContexts(corpus);
    for (const e of corpus.examples.slice(0, 12)) {
      const a = model.classify(ctx.get(e.file)!, e.span, e.name);
      const b = back.classify(ctx.get(e.file)!, e.span, e.name);
      expect(b.main).toBe(a.main);
      expect(b.fine.map((f) => f.role)).toEqual(a.fine.map((f) => f.role));
    }
    expect(back.names).toContain('Varnok');
    expect(() => decodeEntityModel(Buffer.from('nope'), 'bad.nscm')).toThrow(/bad.nscm/);
  });

  it('predicts one row per mention, repairs offsets, and reports a missing document by line', () => {
    const raw = 'Example\r\n\r\n🚀 Zorvia attacked and shelled Lumen again.';
    const cp = utf16ToCodePoint(raw, { start: raw.indexOf('Lumen'), end: raw.indexOf('Lumen') + 5 });
    const mentions = [
      { file: 'a.txt', mention: 'Lumen', start: cp.start, end: cp.end, line: 1 },
      { file: 'a.txt', mention: 'Zorvia', start: 0, end: 5, line: 2 },
      { file: 'gone.txt', mention: 'Zorvia', start: 0, end: 5, line: 3 },
    ];
    const res = predictMentions(mentions, (f) => (f === 'a.txt' ? raw : null), model, 'm.txt');
    expect(res.rows).toHaveLength(2);
    expect(res.rows[0]).toMatchObject({ file: 'a.txt', mention: 'Lumen', start: cp.start, end: cp.end, main: 'Innocent' });
    // The repaired row keeps the input offsets, so the official scorer's keys still match.
    expect(res.rows[1]).toMatchObject({ mention: 'Zorvia', start: 0, end: 5 });
    expect(res.notes).toEqual([expect.stringMatching(/^m.txt:2: .*nearest occurrence/)]);
    expect(res.errors).toEqual(['m.txt:3: document "gone.txt" not found; line skipped']);
  });

  it('finds, merges and casts entities in free text, matching the Analysis schema', () => {
    const raw = 'Example headline\n\nVarnok attacked and shelled Porvo again. Captain Ruhl bravely protected Porvo and its families. Later Varnok lied about the attack.';
    const sentences = [...raw.matchAll(/[^.\n]+\./g)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
    const entities = annotateEntities(raw, sentences, model);
    for (const e of entities) expect(EntitySchema.safeParse(e).success).toBe(true);
    const varnok = entities.find((e) => e.name === 'Varnok');
    expect(varnok?.mentions).toHaveLength(2);
    expect(varnok?.mainRole).toBe('Antagonist');
    for (const m of varnok!.mentions) expect(raw.slice(m.start, m.end)).toBe('Varnok');
    expect(varnok?.evidence[0].text).toMatch(/Varnok/);
    expect(entities.find((e) => e.name === 'Captain Ruhl')?.mainRole).toBe('Protagonist');
  });
});

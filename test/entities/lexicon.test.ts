import { describe, expect, it } from 'vitest';
import { articleContext } from '../../src/tasks/entities/context.js';
import { DEFAULT_FEATURE_OPTIONS, MentionFeaturizer } from '../../src/tasks/entities/features.js';
import { CUE_AGENT, CUE_CATEGORIES, CUE_NONE, CUE_PASSIVE, cueOf } from '../../src/tasks/entities/lexicon.js';

const cat = (name: string) => CUE_CATEGORIES.indexOf(name);

describe('role cues', () => {
  it('maps words of each language to shared categories by their longest entry', () => {
    expect(cueOf('attacked')).toBe(cat('harm'));
    expect(cueOf('liberated')).toBe(cat('protect'));
    expect(cueOf('civilians')).toBe(cat('suffer'));
    expect(cueOf('атакува')).toBe(cat('harm'));
    expect(cueOf('ajudou')).toBe(cat('protect'));
    // "мирни" (civilians) is a longer entry than "мирн" (peace).
    expect(cueOf('мирни')).toBe(cat('suffer'));
    expect(cueOf('мирные')).toBe(cat('suffer'));
    expect(cueOf('мирна')).toBe(cat('protect'));
    expect(cueOf('by')).toBe(CUE_AGENT);
    expect(cueOf('were')).toBe(CUE_PASSIVE);
    // Short entries match whole words only: "aid" is a cue, "aide" and "table" are not.
    expect(cueOf('aid')).toBe(cat('protect'));
    expect(cueOf('aide')).toBe(CUE_NONE);
    expect(cueOf('table')).toBe(CUE_NONE);
  });

  it('tells the attacker from the attacked in the features of a mention', () => {
    // Invented sentences: the same two names swap places.
    const f = new MentionFeaturizer({ ...DEFAULT_FEATURE_OPTIONS, weights: { mention: 0, near: 0, window: 0, sentence: 0, neighbours: 0, entity: 0, article: 0, cues: 1, prior: 0, stance: 0 } });
    const vec = (raw: string, name: string) => {
      const start = raw.indexOf(name);
      return f.vector(articleContext(raw), { start, end: start + name.length }, name, null);
    };
    const a = vec('Example\n\nKorvia attacked Lindor yesterday.', 'Korvia');
    const b = vec('Example\n\nLindor attacked Korvia yesterday.', 'Korvia');
    const c = vec('Example\n\nLindor was attacked by Korvia yesterday.', 'Korvia');
    const key = (v: { indices: Int32Array | Uint32Array | number[] }) => [...v.indices].join(',');
    expect(a.indices.length).toBeGreaterThan(0);
    expect(key(a)).not.toBe(key(b));
    // The agent of a passive differs from the object of an active verb.
    expect(key(c)).not.toBe(key(b));
  });
});

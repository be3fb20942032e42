import { describe, expect, it } from 'vitest';
import { articleContext } from '../../src/tasks/entities/context.js';
import { buildGazetteer, findMentions, mergeMentions } from '../../src/tasks/entities/discover.js';

// Invented example sentences; the people and places in them are made up except for curated names.
const TEXT = [
  'Example News Desk',
  'Governor Maria Kessler said on Monday that Vladimir Putin had misled the council.',
  'Putin denied it, and Kessler answered that the Russian President knew the facts.',
  'The Harbor Trust of Eastvale also criticised NATO.',
  'They met again later.',
].join('\n');

function found(text: string, names: string[] = []) {
  const ctx = articleContext(text);
  return findMentions(ctx, buildGazetteer(names));
}

describe('mention discovery', () => {
  it('finds curated names, capitalised runs and aliases, and skips sentence-initial common words', () => {
    const m = found(TEXT);
    const texts = m.map((x) => x.text);
    expect(texts).toContain('Vladimir Putin');
    expect(texts).toContain('Maria Kessler');
    expect(texts).toContain('NATO');
    expect(texts).toContain('Harbor Trust of Eastvale');
    expect(texts).toContain('Russian President');
    expect(texts).not.toContain('They');
    expect(texts).not.toContain('The');
    // An alias resolves to its canonical name.
    expect(m.find((x) => x.text === 'Russian President')?.canonical).toBe('Vladimir Putin');
  });

  it('takes a short acronym only in capitals ("WHO", not "Who"), a longer one in any case', () => {
    const text = 'Example Desk\nWho benefits? We asked the WHO, and Who knows.\nNato met. Later NATO spoke.';
    const m = found(text);
    expect(m.filter((x) => x.canonical === 'World Health Organization').map((x) => x.text)).toEqual(['WHO']);
    expect(m.filter((x) => x.canonical === 'NATO').map((x) => x.text)).toEqual(['Nato', 'NATO']);
  });

  it('merges variants into one entity per article', () => {
    const entities = mergeMentions(found(TEXT));
    const putin = entities.find((e) => e.name === 'Vladimir Putin');
    expect(putin?.mentions.map((x) => x.text)).toEqual(['Vladimir Putin', 'Putin', 'Russian President']);
    expect(putin?.kind).toBe('person');
    // "Kessler" joins "Maria Kessler" (a longer name ending with the same word).
    const kessler = entities.find((e) => e.name.endsWith('Kessler'));
    expect(kessler?.name).toBe('Maria Kessler');
    expect(kessler?.mentions).toHaveLength(2);
    expect(kessler?.known).toBe(false);
  });

  it('does not merge a short name shared by two longer names', () => {
    // "Later" starts a sentence and the article also writes "later": an ordinary word, trimmed.
    const text = 'Anna Dorn met Peter Dorn. Later Dorn left the city of Westby, and later still returned.';
    const entities = mergeMentions(found(text));
    expect(entities.filter((e) => e.name.includes('Dorn')).map((e) => e.name).sort()).toEqual(['Anna Dorn', 'Dorn', 'Peter Dorn']);
  });

  it('uses training names as a gazetteer, including scripts without capital letters', () => {
    const text = 'कल रामपुर समिति ने बयान दिया।';
    const m = found(text, ['रामपुर समिति']);
    expect(m.map((x) => x.text)).toEqual(['रामपुर समिति']);
    expect(m[0].source).toBe('gazetteer');
    // Offsets point into the raw text.
    expect(text.slice(m[0].span.start, m[0].span.end)).toBe('रामपुर समिति');
  });
});

describe('mention discovery: possessives, demonyms, metaphors, variants', () => {
  // Invented sentences; "Orla Venn" and the town are made up.
  const text = [
    'Example bulletin',
    "Zelensky's aides met Ukrainian officials, and Vladimir Putin said Russian positions were shelled.",
    "The Russian army moved north. Putin's spokesman blamed the Horde for the delay.",
    "Later the Russian president thanked Chinese diplomats. Venn's plan, said Mayor Orla Venn, was praised.",
  ].join('\n');
  const mentions = found(text);
  const texts = mentions.map((m) => m.text);

  it("leaves the possessive 's out of names, with offsets that still point at the name", () => {
    expect(texts).toContain('Zelensky');
    expect(texts).not.toContain("Zelensky's");
    expect(texts).not.toContain("Putin's");
    const z = mentions.find((m) => m.text === 'Zelensky')!;
    expect(text.slice(z.span.start, z.span.end)).toBe('Zelensky');
    expect(z.canonical).toBe('Volodymyr Zelensky');
  });

  it('does not take a nationality adjective before a noun, or a lone metaphor, for an entity', () => {
    expect(texts).not.toContain('Ukrainian');
    expect(texts).not.toContain('Russian');
    expect(texts).not.toContain('Chinese');
    expect(texts).not.toContain('Horde');
    // …but a curated group name that starts with one is kept and resolved.
    expect(mentions.find((m) => m.text === 'Russian army')?.canonical).toBe('Russian Armed Forces');
  });

  it('merges full name, surname, possessive and description into one entity', () => {
    const entities = mergeMentions(mentions);
    const putin = entities.find((e) => e.name === 'Vladimir Putin');
    expect(putin?.mentions.map((m) => m.text)).toEqual(['Vladimir Putin', 'Putin', 'Russian president']);
    // A sentence-initial surname counts when the article names the person in full elsewhere.
    const venn = entities.find((e) => e.name === 'Orla Venn');
    expect(venn?.mentions.map((m) => m.text)).toEqual(['Venn', 'Orla Venn']);
  });

  it('strips the possessive from training names in the gazetteer', () => {
    const m = found('Example\n\nThe Tollen Group replied quickly.', ["Tollen Group's"]);
    expect(m.map((x) => [x.text, x.source])).toEqual([['Tollen Group', 'gazetteer']]);
  });
});

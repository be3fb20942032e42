/** Every language with lists finds an anonymous attribution, a named one and a calque in an invented sentence of its own. */
import { describe, expect, it } from 'vitest';
import { CALQUE_LANGUAGES, findCalques } from '../../src/tasks/provenance/calques.js';
import { findAttributions, SOURCING_LANGUAGES } from '../../src/tasks/provenance/sourcing.js';

/** Per language: a text, the anonymous cue and the named source it holds, and a calque text with its fluent form. */
const SAMPLES: Record<string, { text: string; anonymous: string; source: string; calque: string; expected: string }> = {
  en: { text: 'Insiders say the mill will close. "We tried," said Hanna Lukas.', anonymous: 'insiders say', source: 'Hanna Lukas', calque: 'It is worth to visit the lake.', expected: 'it is worth' },
  fr: { text: 'Selon des sources, le moulin fermera. Le maire Paul Verdier a déclaré que tout ira bien.', anonymous: 'selon des sources', source: 'Paul Verdier', calque: 'Cela fait du sens.', expected: 'a du sens' },
  de: { text: 'Berichten zufolge schließt die Mühle. Das sei bitter, sagte Jonas Keller.', anonymous: 'Berichten zufolge', source: 'Jonas Keller', calque: 'Am Ende des Tages zählt nur das Ergebnis.', expected: 'letztlich' },
  it: { text: 'Secondo indiscrezioni il mulino chiuderà. Luca Ferri ha dichiarato che non è vero.', anonymous: 'secondo indiscrezioni', source: 'Luca Ferri', calque: 'Questo non fa senso.', expected: 'ha senso' },
  pl: { text: 'Według nieoficjalnych informacji młyn zostanie zamknięty. Jan Nowicki powiedział, że to nieprawda.', anonymous: 'według nieoficjalnych informacji', source: 'Jan Nowicki', calque: 'To nie robi sens.', expected: 'ma sens' },
  pt: { text: 'Segundo fontes, o moinho vai fechar. Rui Matos afirmou que nada está decidido.', anonymous: 'segundo fontes', source: 'Rui Matos', calque: 'A reunião vai tomar lugar amanhã.', expected: 'ter lugar' },
  ru: { text: 'По неофициальным данным, мельницу закроют. Иван Орлов заявил, что это неправда.', anonymous: 'по неофициальным данным', source: 'Иван Орлов', calque: 'Это взяло место вчера.', expected: 'состоялось' },
  bg: { text: 'Според източници мелницата ще бъде затворена. Иван Колев заяви, че това не е вярно.', anonymous: 'според източници', source: 'Иван Колев', calque: 'Това прави смисъл.', expected: 'има смисъл' },
};

describe('the lists of every language', () => {
  it('cover the same languages for sourcing and calques', () => {
    expect([...SOURCING_LANGUAGES].sort()).toEqual(Object.keys(SAMPLES).sort());
    expect([...CALQUE_LANGUAGES].sort()).toEqual(Object.keys(SAMPLES).sort());
  });

  for (const [lang, s] of Object.entries(SAMPLES)) {
    it(`find an anonymous and a named attribution and a calque in ${lang}`, () => {
      const spans = findAttributions(s.text, lang);
      expect(spans.filter((x) => x.kind === 'anonymous').map((x) => x.cue)).toEqual([s.anonymous]);
      expect(spans.filter((x) => x.kind === 'named').map((x) => x.source)).toEqual([s.source]);
      for (const x of spans) expect(s.text.slice(x.start, x.end)).toBe(x.text);
      expect(findCalques(s.calque, lang).map((c) => c.expected)).toEqual([s.expected]);
    });
  }
});

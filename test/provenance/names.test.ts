/** Entity near-misses: mangled names are flagged with the name they miss; accepted variants, inflections, demonyms and ordinary words are not. Invented sentences only. */
import { describe, expect, it } from 'vitest';
import { boundedDistance } from '../../src/tasks/provenance/distance.js';
import { foldName } from '../../src/tasks/provenance/fold.js';
import { editLimit, findNearMisses, NameIndex } from '../../src/tasks/provenance/names.js';

const ENTITIES = [
  { name: 'Vladimir Putin', kind: 'person', aliases: ['Putin', 'Путин'] },
  { name: 'Volodymyr Zelensky', kind: 'person', aliases: ['Zelensky', 'Zelenskyy', 'Зеленский'] },
  { name: 'Ukraine', kind: 'country', aliases: ['Kyiv', 'Kiev'] },
  { name: 'Boris Johnson', kind: 'person' },
  { name: 'France', kind: 'country' },
];
const index = new NameIndex(ENTITIES);

/** The flagged words of a text in a language, with the names they miss. */
function flags(text: string, lang = 'en', idx = index): [string, string][] {
  const starts = [0, ...[...text.matchAll(/[.!?]\s+/g)].map((m) => m.index! + m[0].length)];
  return findNearMisses(text, starts, idx, lang).map((n) => [n.text, n.expected]);
}

describe('boundedDistance', () => {
  it('counts inserts, deletes, substitutions and neighbour swaps, and stops past the limit', () => {
    expect(boundedDistance('kherson', 'kherson', 2)).toBe(0);
    expect(boundedDistance('khersoni', 'kherson', 2)).toBe(1);
    expect(boundedDistance('bakhumt', 'bakhmut', 2)).toBe(1);
    expect(boundedDistance('mariupl', 'mariupol', 2)).toBe(1);
    expect(boundedDistance('abcdef', 'uvwxyz', 2)).toBe(3);
    expect(boundedDistance('short', 'much longer word', 1)).toBe(2);
  });

  it('allows two edits to long names, one to middle ones, none to short ones', () => {
    expect([editLimit(4), editLimit(5), editLimit(6), editLimit(8), editLimit(9)]).toEqual([0, 0, 1, 1, 2]);
  });
});

describe('foldName', () => {
  it('brings transliterations of one name together', () => {
    expect(foldName('Bahmuth')).toBe(foldName('Bakhmut'));
    expect(foldName('Charkiw')).toBe(foldName('Kharkiv'));
    expect(foldName('Zaporijia')).toBe(foldName('Zaporizhzhia'));
    expect(foldName('Ёлкин', 'cyrillic')).toBe(foldName('Елкин', 'cyrillic'));
    expect(foldName('Kherson')).not.toBe(foldName('Khersoni'));
  });
});

describe('findNearMisses', () => {
  it('flags mangled place and person names with the known name', () => {
    expect(flags('Heavy fighting went on near Bahmuth overnight.')).toEqual([['Bahmuth', 'Bakhmut']]);
    expect(flags('Residents of Khersoni queued for water.')).toEqual([['Khersoni', 'Kherson']]);
    expect(flags('A convoy left Mariupl in the morning.')).toEqual([['Mariupl', 'Mariupol']]);
    expect(flags('The talks with Zelenskky ended late.')).toEqual([['Zelenskky', 'Zelensky']]);
    expect(flags('In English, a leftover ending as in Putina is damage.')).toEqual([['Putina', 'Putin']]);
  });

  it('takes a word as ordinary only when its lower-case form is a whole word of the text', () => {
    expect(flags('Near Bahmuth the bahmuthskaya road was closed.')).toEqual([['Bahmuth', 'Bakhmut']]);
    expect(flags('Near Bahmuth the 𝐀bahmuth sign was painted.')).toEqual([['Bahmuth', 'Bakhmut']]);
    expect(flags('Near Bahmuth the bahmuth crossing was closed.')).toEqual([]);
    expect(flags('Near Bahmuth the (bahmuth) crossing was closed.')).toEqual([]);
  });

  it('leaves a word opening a longer name alone only when the next capitalised word follows after spaces or tabs', () => {
    expect(flags('They met Khersoni\tOsterby at the station.')).toEqual([]);
    expect(flags('They met Khersoni, Osterby and others at the station.')).toEqual([['Khersoni', 'Kherson']]);
    expect(flags('They met Khersoni osterby at the station.')).toEqual([['Khersoni', 'Kherson']]);
  });

  it('gives a reason and a confidence, higher for a transliteration fold than for an edit', () => {
    const [fold, edit] = findNearMisses('Trains reach Bahmuth and Khersoni daily.', [0], index, 'en');
    expect(fold.reason).toContain('transliteration');
    expect(edit.reason).toContain('one letter off');
    expect(fold.confidence).toBeGreaterThan(edit.confidence);
  });

  it('accepts legitimate spelling variants, inflections and demonyms', () => {
    const clean = 'Officials in Kyiv and Kiev met Zelenskyy and Zelensky. Kharkiv, once spelled Kharkov, and Odesa or Odessa were calm. Russian and Ukrainian envoys spoke of Ukraine and Russia.';
    expect(flags(clean)).toEqual([]);
    expect(flags('Rozmowy Putina z Zełenskim w Charkowie i Chersoniu trwały długo.', 'pl')).toEqual([]);
    expect(flags('Die Lage in Charkiw und Cherson sei ruhig, sagte Selenskyj.', 'de')).toEqual([]);
    expect(flags('Встреча Путина и Зеленского прошла в Херсоне.', 'ru')).toEqual([]);
  });

  it('flags a mangled Cyrillic name in Russian text', () => {
    expect(flags('Вчера в Бахмуте и Херсонее было тихо.', 'ru')).toEqual([['Херсонее', 'Херсон']]);
  });

  it('leaves capitalised sentence starts and ordinary words alone', () => {
    // "Khersonn" opens the sentence: only a transliteration fold counts there.
    expect(flags('Khersonn is not a place. Johnston spoke.')).toEqual([]);
    // "Johnson" is a name that is also a common surname: only the exact form counts.
    expect(flags('The minister met Jonhson and Johnston there.')).toEqual([]);
    // A word that also occurs in lower case in the same text is an ordinary word.
    expect(flags('We saw Mariupl signs, but mariupl was misspelled everywhere.')).toEqual([]);
  });

  it('leaves alone a word that opens a run of capitalised words: another name', () => {
    expect(flags('Shares of the Mariupl Harbour Company fell.')).toEqual([]);
    expect(flags('Shares of the company in Mariupl fell.')).toEqual([['Mariupl', 'Mariupol']]);
  });

  it('treats the word after a colon as a sentence start', () => {
    expect(flags('Our promise: Being independent costs money.')).toEqual([]);
    expect(flags('The envoy went on to Being and Seoul.')).toEqual([['Being', 'Beijing']]);
  });

  it('measures country names by folding only, since words derived from them are many', () => {
    expect(flags('The senator, Lea Francine, and Frankish coins were mentioned.')).toEqual([]);
    expect(flags('Talks in Frannce resumed.')).toEqual([['Frannce', 'France']]);
  });

  it("measures a word against its own language's spellings, accepting but never targeting another's", () => {
    expect(flags('The coach, Ruslan, said the team was ready.')).toEqual([]);
    expect(flags('In Russland and Charkiw the news spread.')).toEqual([]);
  });

  it('ignores diacritics and inflection that moves them', () => {
    expect(flags('Granica z Białorusią i rozmowy w Warszawie trwały, a w Moskwę nikt nie jechał.', 'pl')).toEqual([]);
    expect(flags('Die Reise nach Rußland wurde abgesagt.', 'de')).toEqual([]);
  });

  it('takes a single changed consonant in a name under eight letters for another name', () => {
    expect(flags('The delegation met Petkov and Pestov in the capital.')).toEqual([]);
    expect(flags('The delegation met Peskow in the capital.')).toEqual([]);
    expect(flags('The delegation met Peskav in the capital.')).toEqual([['Peskav', 'Peskov']]);
  });

  it('leaves names shorter than five letters alone', () => {
    expect(flags('Crowds in Kyev and Kiyv cheered.')).toEqual([]);
  });

  it('knows extra names given by the caller', () => {
    const withExtra = new NameIndex(ENTITIES, ['Invented Borovetska']);
    expect(flags('Later the mayor of Borovetsky spoke.', 'en', withExtra)).toEqual([['Borovetsky', 'Borovetska']]);
    expect(flags('Later the mayor of Borovetska spoke.', 'en', withExtra)).toEqual([]);
    // Only the last word of a longer name is a target: its other words are often ordinary ones.
    expect(flags('Later the Inventedd spoke.', 'en', withExtra)).toEqual([]);
  });
});

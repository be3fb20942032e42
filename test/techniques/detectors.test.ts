import { describe, expect, it } from 'vitest';
import { DETECTORS, runDetectors } from '../../src/tasks/techniques/detectors/index.js';
import { loadedWords } from '../../src/tasks/techniques/detectors/loaded-words.js';
import { nameCalling } from '../../src/tasks/techniques/detectors/name-calling.js';
import { rhetoricalQuestion } from '../../src/tasks/techniques/detectors/rhetorical-question.js';
import { shouting } from '../../src/tasks/techniques/detectors/shouting.js';
import { slogans } from '../../src/tasks/techniques/detectors/slogans.js';
import { appealToFear } from '../../src/tasks/techniques/detectors/fear.js';
import { isTechnique } from '../../src/tasks/techniques/taxonomy.js';

const texts = (text: string, found: { start: number; end: number }[]) => found.map((f) => text.slice(f.start, f.end));

describe('loaded words', () => {
  it('finds charged words and stems as whole words only', () => {
    const t = 'The council called the plan disgraceful and said it would devastate the parks. Scandalousness is not a word here.';
    expect(texts(t, loadedWords.detect(t))).toEqual(['disgraceful', 'devastate']);
  });
  it('finds nothing in neutral prose', () => {
    expect(loadedWords.detect('The committee met on Tuesday and approved the budget.')).toEqual([]);
  });
});

describe('name calling', () => {
  it('finds epithets and sneering prefixes with the word they qualify', () => {
    const t = 'He called the mayor a puppet of the so-called experts.';
    const found = nameCalling.detect(t);
    expect(texts(t, found)).toEqual(['puppet', 'so-called experts']);
    expect(found.every((f) => f.technique === 'Name_Calling-Labeling')).toBe(true);
  });
});

describe('rhetorical questions', () => {
  it('flags questions with a rhetorical opening, not plain questions or statements', () => {
    const t = 'Where is the station? How can anyone trust these numbers? We can really see it.';
    expect(texts(t, rhetoricalQuestion.detect(t))).toEqual(['How can anyone trust these numbers?']);
  });
});

describe('shouting', () => {
  it('flags exclamations and capitals, but not acronyms or all-caps headings', () => {
    const t = 'BREAKING HEADLINE\nThe NATO meeting was a TOTAL failure. Stop this now!';
    expect(texts(t, shouting.detect(t))).toEqual(['TOTAL', 'Stop this now!']);
  });
  it('does not take capitals that label the text for shouting: a title marker, a kicker, a speaker, brackets, a dateline', () => {
    const t = [
      'EXAMPLE: Town council votes on the new bridge',
      'BREAKING NEWS: the ferry is late again.',
      'MARLOWE: We will not sell the orchard.',
      'The plan [SAMPLE] was drafted by the Harbour Works Board (HWBX).',
      'RIVERTON — The council met on Monday. It was an ABSOLUTE farce.',
    ].join('\n');
    expect(texts(t, shouting.detect(t))).toEqual(['ABSOLUTE']);
  });
});

describe('slogans', () => {
  it('finds set phrases and the patterns', () => {
    const t = 'Protesters chanted "enough is enough" and "Make Gardening Great Again" under #SaveOurPark.';
    expect(texts(t, slogans.detect(t))).toEqual(['enough is enough', 'Make Gardening Great Again', '#SaveOurPark']);
  });
  it('does not take an ordinary "the first" for a slogan', () => {
    expect(slogans.detect('The first steps were taken in spring, and people first noticed it later.')).toEqual([]);
  });
});

describe('appeal to fear', () => {
  it('finds warnings of catastrophe', () => {
    const t = 'Act before it is too late: the new tax is an existential threat to bakeries.';
    expect(texts(t, appealToFear.detect(t))).toEqual(['before it is too late', 'existential threat']);
  });
});

describe('all detectors', () => {
  it('name real techniques and stay inside the text', () => {
    const t = 'WAKE UP! The corrupt so-called leaders are an existential threat. Why would they lie?';
    const found = runDetectors(t, 'en');
    expect(found.length).toBeGreaterThan(3);
    for (const f of found) {
      expect(isTechnique(f.technique)).toBe(true);
      expect(f.start).toBeGreaterThanOrEqual(0);
      expect(f.end).toBeLessThanOrEqual(t.length);
      expect(f.end).toBeGreaterThan(f.start);
    }
  });
  it('do not run for a language their lists are not written in', () => {
    expect(runDetectors('Quelle honte! Un scandale absolu!', 'fr')).toEqual([]);
    expect(DETECTORS.every((d) => d.languages.includes('en'))).toBe(true);
  });
});

/**
 * Language identification on short invented sentences (one per language, plus close Cyrillic pairs
 * that a plain n-gram detector mixes up), and on empty or letter-less input.
 */
import { describe, expect, it } from 'vitest';
import { identifyLanguage, languageName, sampleText, SAMPLE_CHARS } from '../../src/lang/index.js';
import { sampleEvidence } from '../../src/lang/refine.js';
import { LanguageSchema } from '../../src/schema.js';

// Invented example sentences: the same news-like statement in each language.
const SENTENCES: Record<string, string[]> = {
  en: [
    'The city council approved a new budget for public schools on Tuesday evening.',
    'Farmers say the dry summer has cut their wheat harvest by almost a third.',
  ],
  bg: [
    'Вчера правителството обяви, че ще намали данъците за малкия бизнес през следващата година.',
    'Той каза, че ще дойде утре сутринта.',
    'Децата играят в парка след училище.',
    'Министърът заяви, че тези мерки са временни.',
    // The n-gram scores alone prefer Russian here; "той" and the missing ы/э/ё decide.
    'Той живее в София от пет години.',
  ],
  ru: [
    'Вчера правительство объявило, что снизит налоги для малого бизнеса в следующем году.',
    'Он сказал, что придёт завтра утром.',
    'Дети играют в парке после школы.',
    'Министр заявил, что эти меры временные.',
  ],
  uk: [
    'Вчора уряд оголосив, що знизить податки для малого бізнесу наступного року.',
    'Він сказав, що прийде завтра вранці.',
    'Діти граються в парку після школи.',
  ],
  sr: [
    'Јуче је влада саопштила да ће следеће године смањити порезе за мала предузећа.',
    'Он је рекао да ће доћи сутра ујутру.',
    'Министар је изјавио да су ове мере привремене.',
  ],
  mk: [
    'Вчера владата објави дека ќе ги намали даноците за малите бизниси следната година.',
    'Тој рече дека ќе дојде утре наутро.',
    'Зошто не дојде вчера?',
  ],
  be: ['Учора ўрад абвясціў, што ў наступным годзе знізіць падаткі для малога бізнесу.'],
  hi: [
    'कल सरकार ने घोषणा की कि अगले साल छोटे व्यवसायों के लिए कर कम किए जाएंगे।',
    'बच्चे स्कूल के बाद पार्क में खेलते हैं।',
  ],
  pt: [
    'Ontem o governo anunciou que vai reduzir os impostos para as pequenas empresas no próximo ano.',
    'As crianças brincam no parque depois da escola.',
  ],
  de: ['Gestern hat die Regierung angekündigt, dass sie im nächsten Jahr die Steuern für kleine Firmen senkt.'],
  fr: ["Hier, le gouvernement a annoncé qu'il réduirait les impôts des petites entreprises l'année prochaine."],
  es: ['Ayer el gobierno anunció que reducirá los impuestos para las pequeñas empresas el próximo año.'],
  it: ['Ieri il governo ha annunciato che il prossimo anno ridurrà le tasse per le piccole imprese.'],
  pl: ['Wczoraj rząd ogłosił, że w przyszłym roku obniży podatki dla małych firm.'],
};

describe('identifyLanguage on single sentences', () => {
  for (const [code, sentences] of Object.entries(SENTENCES)) {
    for (const sentence of sentences) {
      it(`${code}: ${sentence.slice(0, 40)}…`, () => {
        const guess = identifyLanguage(sentence);
        expect(guess.code).toBe(code);
        expect(guess.name).toBe(languageName(code));
        expect(guess.confidence).toBeGreaterThan(0.5);
        expect(guess.confidence).toBeLessThanOrEqual(1);
        expect(guess.alternatives.map((a) => a.code)).not.toContain(code);
        expect(() => LanguageSchema.parse(guess)).not.toThrow();
      });
    }
  }

  it('marks full sentences of the main languages reliable', () => {
    for (const code of ['en', 'bg', 'ru', 'hi', 'pt']) {
      const guess = identifyLanguage(SENTENCES[code][0]);
      expect(guess.reliable, code).toBe(true);
      expect(guess.confidence, code).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('names a language the n-gram models lack (Macedonian) only on its own evidence', () => {
    // Bulgarian and Serbian sentences must not turn Macedonian just because it is a candidate.
    for (const code of ['bg', 'sr']) for (const s of SENTENCES[code]) expect(identifyLanguage(s).code).not.toBe('mk');
    expect(identifyLanguage('Тој рече дека ќе дојде.').code).toBe('mk');
  });

  it('keeps the probabilities of the guess and its alternatives within one, best first', () => {
    const guess = identifyLanguage(SENTENCES.bg[1]);
    const all = [guess.confidence, ...guess.alternatives.map((a) => a.confidence)];
    expect(all.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1.001);
    for (let i = 1; i < all.length; i++) expect(all[i]).toBeLessThanOrEqual(all[i - 1]);
  });
});

describe('identifyLanguage on articles', () => {
  it('identifies a multi-paragraph article and reads only a bounded sample of it', () => {
    const paragraph = SENTENCES.bg.join(' ');
    const article = Array.from({ length: 400 }, () => paragraph).join('\n\n');
    expect(article.length).toBeGreaterThan(50_000);
    const guess = identifyLanguage(article);
    expect(guess.code).toBe('bg');
    expect(guess.reliable).toBe(true);
    expect(sampleText(article).length).toBeLessThanOrEqual(SAMPLE_CHARS);
  });

  it('does not cut the sample inside a word', () => {
    const text = 'word '.repeat(400);
    const sample = sampleText(text);
    expect(sample.length).toBeLessThanOrEqual(SAMPLE_CHARS);
    expect(sample.endsWith('word')).toBe(true);
  });

  it('follows the language of the article body past an English dateline', () => {
    const text = `Published 3 May 2024 10:15 am\n${SENTENCES.ru.join(' ')} ${SENTENCES.ru.join(' ')}`;
    expect(identifyLanguage(text).code).toBe('ru');
  });
});

describe('identifyLanguage on empty, garbage and very short input', () => {
  for (const text of ['', '   \n\t ', '12345 67.89 !!! ???', '— … «» ()', '🙂🙂🙂 👍', 'https://0.0.0.0/ 2024-05-03']) {
    it(`returns und for ${JSON.stringify(text)}`, () => {
      const guess = identifyLanguage(text);
      expect(guess).toMatchObject({ code: 'und', name: 'Undetermined', confidence: 0, reliable: false });
      expect(guess.alternatives).toEqual([]);
    });
  }

  it('does not call a two-letter text reliable', () => {
    const guess = identifyLanguage('ok');
    expect(guess.reliable).toBe(false);
    expect(guess.confidence).toBeLessThan(0.9);
  });

  it('is less confident about a three-word fragment than about a full sentence', () => {
    const short = identifyLanguage('Той каза, че');
    const full = identifyLanguage(SENTENCES.bg[0]);
    expect(short.confidence).toBeLessThan(full.confidence);
  });
});

describe('sampleEvidence', () => {
  it('counts letters only (no digits, punctuation or vowel signs)', () => {
    expect(sampleEvidence('ab 12, вг!').letters).toBe(4);
    // "कि" is one letter and one vowel sign.
    expect(sampleEvidence('कि').letters).toBe(1);
  });

  it('favours Russian and penalises Bulgarian for a "ы", and the reverse for Bulgarian function words', () => {
    const ru = sampleEvidence('мы были').adjustments;
    expect(ru.get('ru') ?? 0).toBeGreaterThan(0);
    expect(ru.get('bg') ?? 0).toBeLessThan(0);
    const bg = sampleEvidence('той каза че ще дойде').adjustments;
    expect(bg.get('bg') ?? 0).toBeGreaterThan(bg.get('ru') ?? 0);
  });
});

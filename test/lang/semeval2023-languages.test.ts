/**
 * Whole-article language identification in the six SemEval-2023 Task 3 languages (en fr de it pl ru),
 * on invented articles laid out as that corpus lays them out: a title line, an empty line, paragraphs.
 */
import { describe, expect, it } from 'vitest';
import { identifyLanguage } from '../../src/lang/index.js';

// Invented articles, one per language: a title, then three short paragraphs of news prose.
const ARTICLES: Record<string, string[]> = {
  en: [
    'Council delays vote on harbour bridge',
    'The town council postponed its vote on the new harbour bridge after residents asked for more time to study the plans.',
    'Opponents say the bridge will bring heavy lorries through the old quarter, while shop owners hope for more visitors.',
    'A final decision is now expected before the end of the summer.',
  ],
  fr: [
    'Le conseil municipal repousse le vote sur le pont du port',
    'Le conseil municipal a reporté son vote sur le nouveau pont du port après que les habitants ont demandé plus de temps pour étudier les plans.',
    'Les opposants affirment que le pont fera passer des camions dans la vieille ville, tandis que les commerçants espèrent davantage de visiteurs.',
    "Une décision définitive est désormais attendue avant la fin de l'été.",
  ],
  de: [
    'Stadtrat verschiebt Abstimmung über die Hafenbrücke',
    'Der Stadtrat hat die Abstimmung über die neue Hafenbrücke verschoben, nachdem die Anwohner mehr Zeit für die Prüfung der Pläne verlangt hatten.',
    'Gegner sagen, die Brücke werde schwere Lastwagen durch die Altstadt führen, während die Ladenbesitzer auf mehr Besucher hoffen.',
    'Eine endgültige Entscheidung wird nun vor dem Ende des Sommers erwartet.',
  ],
  it: [
    'Il consiglio comunale rinvia il voto sul ponte del porto',
    'Il consiglio comunale ha rinviato il voto sul nuovo ponte del porto dopo che i residenti hanno chiesto più tempo per studiare i progetti.',
    'Gli oppositori dicono che il ponte porterà camion pesanti nel centro storico, mentre i negozianti sperano in più visitatori.',
    "Una decisione definitiva è ora attesa prima della fine dell'estate.",
  ],
  pl: [
    'Rada miasta odkłada głosowanie w sprawie mostu w porcie',
    'Rada miasta przełożyła głosowanie w sprawie nowego mostu w porcie, gdy mieszkańcy poprosili o więcej czasu na zapoznanie się z planami.',
    'Przeciwnicy mówią, że most sprowadzi ciężkie ciężarówki na stare miasto, a właściciele sklepów liczą na więcej gości.',
    'Ostateczna decyzja ma zapaść przed końcem lata.',
  ],
  ru: [
    'Городской совет отложил голосование по мосту в порту',
    'Городской совет отложил голосование по новому мосту в порту после того, как жители попросили больше времени на изучение планов.',
    'Противники говорят, что по мосту через старый город пойдут тяжёлые грузовики, а владельцы магазинов надеются на новых посетителей.',
    'Окончательное решение теперь ожидается до конца лета.',
  ],
};

/** The corpus layout: title, an empty line, then one paragraph per line. */
const article = ([title, ...paragraphs]: string[]) => [title, '', ...paragraphs].join('\n');

describe('identifyLanguage on articles in the SemEval-2023 languages', () => {
  for (const [code, lines] of Object.entries(ARTICLES)) {
    it(`${code}: a titled article is identified and reliable`, () => {
      const guess = identifyLanguage(article(lines));
      expect(guess.code).toBe(code);
      expect(guess.reliable).toBe(true);
      expect(guess.confidence).toBeGreaterThan(0.9);
    });
  }

  for (const code of ['fr', 'de', 'it', 'pl', 'ru']) {
    it(`${code}: an English title above the article does not decide its language`, () => {
      const guess = identifyLanguage(article([ARTICLES.en[0], ...ARTICLES[code].slice(1)]));
      expect(guess.code).toBe(code);
    });
  }

  it('tells the Latin-script languages apart on one paragraph each', () => {
    const codes = ['en', 'fr', 'de', 'it', 'pl'].map((code) => identifyLanguage(ARTICLES[code][1]).code);
    expect(codes).toEqual(['en', 'fr', 'de', 'it', 'pl']);
  });
});

/** Calques with their fluent form, and sourcing spans (anonymous and named) with the summary, on invented sentences. */
import { describe, expect, it } from 'vitest';
import { findCalques } from '../../src/tasks/provenance/calques.js';
import { findAttributions, summariseSourcing } from '../../src/tasks/provenance/sourcing.js';

const cues = (text: string, lang = 'en') => findAttributions(text, lang).map((s) => [s.kind, s.cue, s.source ?? null]);

describe('findCalques', () => {
  it('finds word-for-word renderings with the fluent phrase, whole words only', () => {
    const text = 'In the nearest future the council will meet. Photographers made a photo with help of a drone.';
    const hits = findCalques(text, 'en');
    expect(hits.map((h) => [h.text, h.expected])).toEqual([
      ['In the nearest future', 'in the near future'],
      ['made a photo', 'took a photo'],
      ['with help of', 'with the help of'],
    ]);
    expect(text.slice(hits[1].start, hits[1].end)).toBe('made a photo');
    expect(hits[0].reason).toContain('fluent');
  });

  it('stays quiet on fluent text and for a language without a list', () => {
    expect(findCalques('In the near future the council will meet, with the help of a drone.', 'en')).toEqual([]);
    expect(findCalques('in the nearest future', 'hi')).toEqual([]);
  });

  it('has lists for other languages', () => {
    expect(findCalques('Cela ne fait du sens pour personne.', 'fr').map((h) => h.expected)).toEqual(['a du sens']);
    expect(findCalques('Это делает смысл для всех.', 'ru').map((h) => h.expected)).toEqual(['имеет смысл']);
  });
});

describe('findAttributions', () => {
  it('finds anonymous attributions and hedges', () => {
    expect(cues('Sources say the plant will close. It is claimed that prices rose. The mayor reportedly left.')).toEqual([
      ['anonymous', 'sources say', null],
      ['anonymous', 'it is claimed', null],
      ['anonymous', 'reportedly', null],
    ]);
    expect(cues('According to reports, insiders expect a deal, and experts believe it will hold.')).toEqual([
      ['anonymous', 'according to reports', null],
      ['anonymous', 'insiders', null],
      ['anonymous', 'experts believe', null],
    ]);
  });

  it('finds named attributions with their source', () => {
    expect(cues('Mayor Ilse Varkonen said the bridge would open. "It is safe," said Tomas Reede.')).toEqual([
      ['named', 'said', 'Mayor Ilse Varkonen'],
      ['named', 'said', 'Tomas Reede'],
    ]);
    expect(cues('According to the Harbour Authority, the ferry is late. The ministry said nothing more.')).toEqual([
      ['named', 'according to', 'Harbour Authority'],
      ['named', 'said', 'ministry'],
    ]);
  });

  it('names no pronoun, and lets an anonymous cue win over a named reading', () => {
    expect(cues('He said the road was closed. They said so too.')).toEqual([]);
    expect(cues('According to sources close to the team, nothing changed.')).toEqual([['anonymous', 'according to sources', null]]);
  });

  it('has lists for other languages', () => {
    expect(cues('Selon des sources proches du dossier, le maire a démissionné. Selon le ministère, rien ne change.', 'fr')).toEqual([
      ['anonymous', 'selon des sources proches', null],
      ['named', 'selon', 'ministère'],
    ]);
    expect(cues('Как сообщается, мост закрыт. «Всё в порядке», — заявил Иван Петренко.', 'ru')).toEqual([
      ['anonymous', 'как сообщается', null],
      ['named', 'заявил', 'Иван Петренко'],
    ]);
    expect(cues('Laut Quellen ist die Brücke gesperrt, sagte Anna Berger.', 'de')).toEqual([
      ['anonymous', 'laut Quellen', null],
      ['named', 'sagte', 'Anna Berger'],
    ]);
  });

  it('spans are offsets into the text given', () => {
    const text = 'Yesterday the ministry said the port is open.';
    const [span] = findAttributions(text, 'en');
    expect(text.slice(span.start, span.end)).toBe(span.text);
  });
});

describe('summariseSourcing', () => {
  it('counts anonymous and named attributions and says so in one line', () => {
    const spans = findAttributions('Sources say the dam leaks. Insiders agree. The ministry said it is fine.', 'en').map((s) => ({ ...s }));
    const s = summariseSourcing(spans);
    expect([s.anonymous, s.named, s.anonymousShare]).toEqual([2, 1, 0.667]);
    expect(s.summary).toBe('2 of 3 attributions are anonymous, 1 named');
    expect(summariseSourcing([]).summary).toBe('no attributions found');
  });
});

import { describe, expect, it } from 'vitest';
import { continueReading } from '../../src/clean/rules/continue-reading.js';
import { clean } from './helpers.js';

describe('continue-reading', () => {
  it('removes a "Continue reading: <title> ..." teaser line', () => {
    const raw = 'Sample Headline About A Bridge\n\nStory text.\n\nContinue reading: Sample Headline About A Bridge ...\n';
    const r = clean(raw, [continueReading]);
    expect(r.texts).toEqual(['Continue reading: Sample Headline About A Bridge ...']);
    expect(r.view).toBe('Sample Headline About A Bridge\n\nStory text.\n\n');
  });

  it('removes "Read more:" and "Also read" link lines, in several languages', () => {
    const raw = 'Headline\n\nStory.\n\nRead more: Another invented story title\n\nAlso Read: A third made-up title\n\nЧитайте также: выдуманный заголовок\n\nLeia também: um título inventado';
    expect(clean(raw, [continueReading]).texts).toHaveLength(4);
  });

  it('credits the outlet named by "Read more at X"', () => {
    const r = clean('Headline\n\nStory.\n\nRead more at Sample Gazette', [continueReading]);
    expect(r.attributions).toMatchObject([{ outlet: 'Sample Gazette', kind: 'credit' }]);
  });

  it('keeps sentences that merely contain "read"', () => {
    const raw = 'Read My Lips, Says Invented Minister\n\nThe minister read more than forty letters aloud.\n\nShe continued reading from the report.';
    expect(clean(raw, [continueReading]).removed).toEqual([]);
  });

  it('keeps a real paragraph that opens with "Read more about …"', () => {
    const paragraph =
      "Read more about the council's plan, residents say, and you will find that the invented harbour district gets two new bus lines, a wider cycle lane and a market hall that opens on Saturdays from next spring.";
    expect(paragraph.length).toBeGreaterThanOrEqual(200);
    const raw = `Harbour Plan Approved\n\nThe council voted on Tuesday.\n\n${paragraph}\n\nThe vote was close.`;
    expect(clean(raw, [continueReading]).removed).toEqual([]);
  });

  it('keeps prose that opens with "See also" or "Continue reading" and goes on as a sentence', () => {
    const raw =
      'Headline\n\nSee also the figures of the invented ministry, which show that the harbour lost money for three years in a row.\n\n' +
      'Continue reading the report and you find the budget was cut twice. The mayor did not comment.';
    expect(clean(raw, [continueReading]).removed).toEqual([]);
  });

  it('removes true link lines: a URL, a headline, a short topic, a bare label', () => {
    const raw = [
      'Headline',
      '',
      'Story text of the invented article.',
      '',
      'Read more: https://example.org/invented/harbour-plan',
      '',
      'Read More: Who Pays For The Invented Bridge? The Council Decides',
      '',
      'READ MORE ON THE HARBOUR',
      '',
      'Read more',
      '',
      'The story goes on after the links.',
    ].join('\n');
    const r = clean(raw, [continueReading]);
    expect(r.texts).toEqual([
      'Read more: https://example.org/invented/harbour-plan',
      'Read More: Who Pays For The Invented Bridge? The Council Decides',
      'READ MORE ON THE HARBOUR',
      'Read more',
    ]);
    expect(r.view).toBe('Headline\n\nStory text of the invented article.\n\nThe story goes on after the links.');
  });

  it('starts a removal at its own line, so the reported line is right', () => {
    const raw = 'Headline\n\nStory text.\n\n\nRead more: https://example.org/a\n';
    const [removal] = clean(raw, [continueReading]).removed;
    expect(removal.start).toBe(raw.indexOf('Read more'));
    expect(raw.slice(0, removal.start).split('\n')).toHaveLength(6);
    expect(removal.end).toBe(raw.length);
  });

  it('keeps a "Read more:" line followed by a second sentence', () => {
    const raw = 'Headline\n\nRead more: the council published the invented plan on Monday. It runs to forty pages and residents may comment until May.';
    expect(clean(raw, [continueReading]).removed).toEqual([]);
  });
});

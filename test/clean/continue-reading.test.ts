import { describe, expect, it } from 'vitest';
import { continueReading } from '../../src/clean/rules/continue-reading.js';
import { clean } from './helpers.js';

describe('continue-reading', () => {
  it('removes a "Continue reading: <title> ..." teaser line', () => {
    const raw = 'Sample Headline About A Bridge\n\nStory text.\n\nContinue reading: Sample Headline About A Bridge ...\n';
    const r = clean(raw, [continueReading]);
    expect(r.texts).toEqual(['Continue reading: Sample Headline About A Bridge ...']);
    expect(r.view).toBe('Sample Headline About A Bridge\n\nStory text.');
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
});

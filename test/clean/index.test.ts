import { describe, expect, it } from 'vitest';
import { removeBoilerplate } from '../../src/clean/index.js';
import { RemovalSchema, AttributionSchema } from '../../src/schema.js';
import { clean } from './helpers.js';

/** An invented content-farm copy: every kind of leftover around a short made-up story. */
const farm = [
  "Like what you're reading? Please Support Us!",
  '',
  'Invented Town Opens Its New Bridge',
  '',
  'The following article, Invented Town Opens Its New Bridge, was first published on Sample Flag Times.',
  '',
  '[ad_1]',
  '',
  'Crowds from the',
  '',
  'Crowds from the nearby village walked across the bridge on Sunday morning.',
  '',
  'The mayor said the project was finished on time.',
  '',
  'Continue reading: Invented Town Opens Its New Bridge ...',
  '',
  'By Author',
  '',
  'Leave a Reply',
  '',
  'Notify of',
  '',
  "Like what you're reading? Please Support Us!",
].join('\n');

describe('removeBoilerplate', () => {
  it('cleans an invented content-farm copy down to headline and story', () => {
    const r = clean(farm);
    expect(r.view).toBe(
      'Invented Town Opens Its New Bridge\n\nCrowds from the nearby village walked across the bridge on Sunday morning.\n\nThe mayor said the project was finished on time.\n\n',
    );
    expect(new Set(r.removed.map((x) => x.rule))).toEqual(
      new Set(['promos', 'provenance', 'ad-markers', 'duplicate-lines', 'continue-reading', 'byline', 'comment-form']),
    );
    expect(r.attributions).toMatchObject([{ outlet: 'Sample Flag Times', kind: 'first-published' }]);
  });

  it('reports sorted, non-overlapping spans that match the schema and the raw text', () => {
    const { removed, attributions } = removeBoilerplate(farm);
    for (let i = 1; i < removed.length; i++) expect(removed[i].start).toBeGreaterThanOrEqual(removed[i - 1].end);
    for (const r of removed) {
      RemovalSchema.parse(r);
      expect(farm.slice(r.start, r.end).trim()).toBe(r.text);
    }
    for (const a of attributions) {
      AttributionSchema.parse(a);
      expect(farm.slice(a.start, a.end)).toBe(a.text);
    }
  });

  it('reports a promo printed twice once, as a promo', () => {
    const promoRemovals = removeBoilerplate(farm).removed.filter((r) => r.text.startsWith('Like what'));
    expect(promoRemovals.map((r) => r.rule)).toEqual(['promos', 'promos']);
  });

  it('leaves plain news untouched', () => {
    const news = 'Council Approves Budget\n\nThe invented council approved its budget on Tuesday.\n\nComments from residents were mixed, and a reply from the mayor is expected.\n';
    expect(removeBoilerplate(news)).toEqual({ removed: [], attributions: [] });
  });

  it('handles empty text and text with only boilerplate', () => {
    expect(removeBoilerplate('')).toEqual({ removed: [], attributions: [] });
    expect(clean('[ad_1]\n\nLeave a Reply\n').view).toBe('');
  });

  it('starts every line removal at the boilerplate line, also in a trailing block and with CRLF', () => {
    for (const nl of ['\n', '\r\n']) {
      const raw = ['Headline', '', 'Story text of the invented article.', '', '', 'Read more: https://example.org/a', '', 'Leave a Reply', ''].join(nl);
      const { removed } = removeBoilerplate(raw);
      expect(removed.map((r) => r.text)).toEqual(['Read more: https://example.org/a', 'Leave a Reply']);
      expect(removed.map((r) => r.start)).toEqual([raw.indexOf('Read more'), raw.indexOf('Leave a')]);
      // The report counts lines from a removal's start: lines 6 and 8.
      expect(removed.map((r) => raw.slice(0, r.start).split('\n').length)).toEqual([6, 8]);
      expect(removed[1].end).toBe(raw.length);
    }
  });
});


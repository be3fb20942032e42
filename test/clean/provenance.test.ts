import { describe, expect, it } from 'vitest';
import { provenance } from '../../src/clean/rules/provenance.js';
import { clean } from './helpers.js';

describe('provenance', () => {
  it('reports and removes a "The following article, <title>, was first published on <Outlet>." notice', () => {
    const raw = 'Bridge Opens, Town Cheers\n\nThe following article, Bridge Opens, Town Cheers, was first published on Example Cross Herald.\n\nStory text.';
    const r = clean(raw, [provenance]);
    expect(r.attributions).toHaveLength(1);
    expect(r.attributions[0]).toMatchObject({ outlet: 'Example Cross Herald', kind: 'first-published', rule: 'provenance' });
    expect(raw.slice(r.attributions[0].start, r.attributions[0].end)).toBe(r.attributions[0].text);
    expect(r.removed).toHaveLength(1);
    expect(r.removed[0].reason).toMatch(/republication notice/);
    expect(r.view).toBe('Bridge Opens, Town Cheers\n\nStory text.');
  });

  it('reads other first-published phrasings', () => {
    const cases: [string, string][] = [
      ['This article was originally published on Sample Times.', 'Sample Times'],
      ['This story first appeared in The Invented Review on March 3, 2024.', 'The Invented Review'],
      ['Republished from Example Wire with permission.', 'Example Wire'],
      ['Reprinted with permission from Made Up News.', 'Made Up News'],
      ['This report was originally published by Jane Example at Sample Hedge', 'Sample Hedge'],
      ['The post Bridge Opens appeared first on Invented Daily.', 'Invented Daily'],
    ];
    for (const [line, outlet] of cases) {
      const r = clean(`Headline\n\nStory text.\n\n${line}`, [provenance]);
      expect(r.attributions.map((a) => [a.outlet, a.kind]), line).toEqual([[outlet, 'first-published']]);
      expect(r.texts, line).toEqual([line]);
    }
  });

  it('credits sources and keeps a credit inside a sentence in place', () => {
    const r = clean('Headline\n\nThe figures were released on Monday (Source: Sample Agency) and confirmed later.\n\nSource: https://www.example.org/2024/01/story/', [provenance]);
    expect(r.attributions.map((a) => [a.outlet, a.kind])).toEqual([
      ['Sample Agency', 'credit'],
      ['example.org', 'credit'],
    ]);
    expect(r.texts).toEqual(['Source: https://www.example.org/2024/01/story/']);
  });

  it('does not treat news about a report as a republication notice', () => {
    const raw = 'Headline\n\nThe report was first published by Sample Wire on Monday, officials said.\n\nFirst published in 1998, the invented book sold well.';
    const r = clean(raw, [provenance]);
    expect(r.attributions).toEqual([]);
    expect(r.removed).toEqual([]);
  });

  it('reports a notice followed by story text on the same line but keeps the line', () => {
    const raw = 'Headline\n\nThis article was originally published on Sample Times. The invented council met again on Friday and approved the harbour plan.';
    const r = clean(raw, [provenance]);
    expect(r.attributions.map((a) => a.outlet)).toEqual(['Sample Times']);
    expect(r.removed).toEqual([]);
  });

  it('removes a notice followed only by a credit tail (author, syndication small print, link)', () => {
    const lines = [
      'Article posted with permission from Sample Liberty Media. Article by Jane Example',
      '©2018 The Invented Courier (Sampletown, Ex.), Distributed by Example Content Agency, LLC.',
      '(Source: Sample Agency feed) https://example.org/post/1',
    ];
    const raw = `Headline\n\nStory text.\n\n${lines.join('\n\n')}`;
    expect(clean(raw, [provenance]).texts).toEqual(lines);
  });

  it('keeps prose that opens with "Via" or "Source:" and reads as a clause, not a name', () => {
    const raw = 'Headline\n\nVia Sample Rail cut services on the invented line on Monday.\n\nSource: Officials said the bridge would open on time.\n\nCopyright 2020 The mayor said nothing.';
    const r = clean(raw, [provenance]);
    expect(r.removed).toEqual([]);
    expect(r.attributions).toEqual([]);
  });
});


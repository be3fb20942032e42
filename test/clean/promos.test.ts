import { describe, expect, it } from 'vitest';
import { promos } from '../../src/clean/rules/promos.js';
import { clean } from './helpers.js';

describe('promos', () => {
  it('removes a donation promo in the title position so the headline is the next line', () => {
    const r = clean('Please support us!\r\n\r\nInvented Town Opens Bridge\r\n\r\nStory text here.', [promos]);
    expect(r.texts).toEqual(['Please support us!']);
    expect(r.removed[0]).toMatchObject({ start: 0, end: 22 });
    expect(r.view.split('\r\n')[0]).toBe('Invented Town Opens Bridge');
  });

  it("removes \"Like what you're reading?\" with a curly apostrophe", () => {
    const r = clean('Headline\n\nStory.\n\nLike what you\u2019re reading? Please Support Us!', [promos]);
    expect(r.texts).toEqual(['Like what you\u2019re reading? Please Support Us!']);
  });

  it('reports the outlet a subscription offer promotes', () => {
    const raw = 'Headline\n\nStory.\n\nGet more from us. Try The Sample Herald free for a month, then pay $1 a week.\n';
    const r = clean(raw, [promos]);
    expect(r.removed).toHaveLength(1);
    expect(r.attributions).toMatchObject([{ outlet: 'The Sample Herald', kind: 'promotes', rule: 'promos' }]);
  });

  it('names an outlet whose name has a dot, and none for "our newsletter"', () => {
    const r = clean('Headline\n\nSubscribe to Example.Ru Telegram channel, Facebook, RSS!\n\nSubscribe to our newsletter for daily updates.', [promos]);
    expect(r.texts).toHaveLength(2);
    expect(r.attributions.map((a) => a.outlet)).toEqual(['Example.Ru']);
  });

  it('keeps news sentences about donations and subscriptions', () => {
    const raw = 'Headline\n\nDonations to the invented charity doubled last year.\n\nSupport us, the protesters chanted, as the sample bill was read.\n\nThe council urged people to donate blood.';
    expect(clean(raw, [promos]).removed).toEqual([]);
  });

  it('removes "Share this article" labels and share bars, on their own line and reported there', () => {
    const raw = 'Headline\n\nStory text.\n\nShare this article\n\nMore story text.\n\nShare this article: Facebook Twitter Email\n';
    const r = clean(raw, [promos]);
    expect(r.texts).toEqual(['Share this article', 'Share this article: Facebook Twitter Email']);
    expect(r.removed.map((x) => x.start)).toEqual([raw.indexOf('Share this article\n'), raw.indexOf('Share this article:')]);
    expect(r.removed.map((x) => raw.slice(0, x.start).split('\n').length)).toEqual([5, 9]);
  });

  it('keeps prose that opens with "Share this article:"', () => {
    const raw = 'Headline\n\nShare this article: the mayor said residents had passed the invented report around all week.\n';
    expect(clean(raw, [promos]).removed).toEqual([]);
  });

  it('keeps a paragraph that merely mentions a free trial or a closing "subscribe now"', () => {
    const raw =
      'Headline\n\nResidents can try the new invented bus line free for a month, the council said on Tuesday, and a survey will follow in spring before any fares are set.\n\n' +
      'The minister urged listeners to subscribe now.';
    expect(clean(raw, [promos]).removed).toEqual([]);
  });
});

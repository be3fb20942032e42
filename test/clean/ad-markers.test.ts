import { describe, expect, it } from 'vitest';
import { adMarkers } from '../../src/clean/rules/ad-markers.js';
import { clean } from './helpers.js';

describe('ad-markers', () => {
  it('removes ad-slot markers standing on their own lines, with their line breaks', () => {
    const raw = 'Invented headline\n\n[ad_1]\n\nFirst paragraph of the example.\n\nSecond paragraph.\n\n[ad_2]';
    const r = clean(raw, [adMarkers]);
    expect(r.texts).toEqual(['[ad_1]', '[ad_2]']);
    expect(r.removed.every((x) => x.rule === 'ad-markers')).toBe(true);
    expect(r.view).toBe('Invented headline\n\nFirst paragraph of the example.\n\nSecond paragraph.\n\n');
  });

  it('cuts an inline marker and one neighbouring space only', () => {
    const raw = 'Title\n\nThe council met on Monday [ad_3] and voted on the plan.';
    const r = clean(raw, [adMarkers]);
    expect(r.texts).toEqual(['[ad_3]']);
    expect(r.view).toBe('Title\n\nThe council met on Monday and voted on the plan.');
  });

  it('removes a lone Advertisement label but keeps a sentence about advertising', () => {
    const raw = 'Title\n\nAdvertisement\n\nAdvertisement revenue at the sample paper fell by a third.';
    const r = clean(raw, [adMarkers]);
    expect(r.texts).toEqual(['Advertisement']);
    expect(r.view).toContain('Advertisement revenue');
  });

  it('removes a poll widget line but keeps a sentence about a poll', () => {
    const raw = 'Title\n\ntake our poll - story continues below Should the invented bridge get a toll?\n\nTake our poll results with a pinch of salt, the mayor said.';
    expect(clean(raw, [adMarkers]).texts).toEqual(['take our poll - story continues below Should the invented bridge get a toll?']);
  });

  it('removes an audio-player label but keeps "Listen to the story …" prose', () => {
    const raw = 'Title\n\nListen to this article (4 min)\n\nListen to the story of the invented ferry, she said.';
    expect(clean(raw, [adMarkers]).texts).toEqual(['Listen to this article (4 min)']);
  });
});


import { describe, expect, it } from 'vitest';
import { articleContext } from '../../src/tasks/entities/context.js';
import { buildGazetteer, discoverEntities, findMentions, mergeMentions } from '../../src/tasks/entities/discover.js';
import { mentionNames } from '../../src/tasks/entities/train.js';

// Invented text: every name in it is made up.
const TEXT = [
  'Riverside Ledger',
  'The Orlen Syndicate bought the port of Halvik on Tuesday.',
  'Mayor Ilsa Brandt said the Orlen Syndicate had broken its promises.',
  'Brandt asked Quorvex to explain the deal.',
].join('\n');

describe('mentionNames', () => {
  it('lists distinct trimmed names, most frequent first, ties in alphabetical order', () => {
    const names = mentionNames([{ name: 'Quorvex' }, { name: ' Halvik ' }, { name: 'Halvik' }, { name: 'Brandt' }, { name: 'Halvik' }]);
    expect(names).toEqual(['Halvik', 'Brandt', 'Quorvex']);
  });

  it('is empty for no mentions', () => {
    expect(mentionNames([])).toEqual([]);
  });
});

describe('discoverEntities', () => {
  it('keeps names seen twice and known names, drops unknown names seen once', () => {
    const ctx = articleContext(TEXT);
    const plain = discoverEntities(ctx, buildGazetteer([]), [], 2).map((e) => e.name);
    expect(plain).toContain('Orlen Syndicate');
    expect(plain).toContain('Ilsa Brandt');
    expect(plain).not.toContain('Quorvex');
    expect(plain).not.toContain('Halvik');
    // A training name makes a single mention enough.
    const trained = discoverEntities(ctx, buildGazetteer(mentionNames([{ name: 'Quorvex' }])), [], 2);
    const quorvex = trained.find((e) => e.name === 'Quorvex');
    expect(quorvex?.known).toBe(true);
    expect(quorvex?.mentions).toHaveLength(1);
  });

  it('equals merging and filtering the mentions by hand, and looks only within the given spans', () => {
    const ctx = articleContext(TEXT);
    const gaz = buildGazetteer([]);
    const byHand = mergeMentions(findMentions(ctx, gaz)).filter((e) => e.known || e.mentions.length >= 2);
    expect(discoverEntities(ctx, gaz, [], 2)).toEqual(byHand);
    // Only the third line: the syndicate is named once there, so it is no longer kept.
    const start = TEXT.indexOf('Mayor');
    const third = { start, end: TEXT.indexOf('\n', start) };
    const names = discoverEntities(ctx, gaz, [third], 2).map((e) => e.name);
    expect(names).not.toContain('Orlen Syndicate');
    expect(discoverEntities(ctx, gaz, [third], 1).map((e) => e.name)).toContain('Orlen Syndicate');
  });
});

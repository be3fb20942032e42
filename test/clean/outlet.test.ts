import { describe, expect, it } from 'vitest';
import { cleanOutletName } from '../../src/clean/outlet.js';

describe('cleanOutletName', () => {
  it('strips trailing punctuation and keeps multiword names', () => {
    expect(cleanOutletName('Example And Cross.')).toBe('Example And Cross');
    expect(cleanOutletName('The Sample Telegraph!')).toBe('The Sample Telegraph');
  });

  it('cuts dates, parentheses and distribution tails', () => {
    expect(cleanOutletName('Invented Times on March 3, 2024')).toBe('Invented Times');
    expect(cleanOutletName('Sample Tribune, September 26, 2018')).toBe('Sample Tribune');
    expect(cleanOutletName('The Sample Pilot (Norfolk, Va.)')).toBe('The Sample Pilot');
    expect(cleanOutletName('Sample Daily, Distributed by Example Agency, LLC.')).toBe('Sample Daily');
  });

  it('reduces a link to its host and keeps a dotted name as written', () => {
    expect(cleanOutletName('https://www.example.com/2024/05/a-story/')).toBe('example.com');
    expect(cleanOutletName('Example.Ru')).toBe('Example.Ru');
  });

  it('rejects pronouns, years and lower-case phrases', () => {
    expect(cleanOutletName('our newsletter')).toBeUndefined();
    expect(cleanOutletName('1998, the book sold well')).toBeUndefined();
    expect(cleanOutletName('russian, the book')).toBeUndefined();
    expect(cleanOutletName('sampleblog', { lowercaseOk: true })).toBe('sampleblog');
  });

  it('with nameOnly, accepts names with joining words and rejects clauses', () => {
    expect(cleanOutletName('The Sample Times of India', { nameOnly: true })).toBe('The Sample Times of India');
    expect(cleanOutletName('Sample Agency feed', { nameOnly: true })).toBe('Sample Agency feed');
    expect(cleanOutletName('Officials said the bridge would open', { nameOnly: true })).toBeUndefined();
    expect(cleanOutletName('Officials said the bridge would open')).toBe('Officials said the bridge would open');
  });
});


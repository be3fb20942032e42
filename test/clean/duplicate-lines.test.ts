import { describe, expect, it } from 'vitest';
import { duplicateLines, isTruncatedCopy } from '../../src/clean/rules/duplicate-lines.js';
import { clean } from './helpers.js';

describe('duplicate-lines', () => {
  it('removes the second copy of a repeated caption', () => {
    const raw = 'Headline\n\nA sample photo caption about the invented bridge.\n\nA sample photo caption about the invented bridge.\n\nStory text.';
    const r = clean(raw, [duplicateLines]);
    expect(r.removed).toHaveLength(1);
    expect(r.removed[0].start).toBe(raw.lastIndexOf('A sample photo'));
    expect(r.removed[0].reason).toBe('repeats line 3');
  });

  it('removes a truncated copy that the next line continues', () => {
    const raw = 'Headline\n\nVisitors from the\n\nVisitors from the sample village crossed the new bridge.\n';
    const r = clean(raw, [duplicateLines]);
    expect(r.texts).toEqual(['Visitors from the']);
    expect(r.view).toBe('Headline\n\nVisitors from the sample village crossed the new bridge.\n');
  });

  it('keeps short repeated labels, a headline that starts the lede, and one-word headings', () => {
    const raw = 'Bridge opens\n\nBridge opens to traffic after three years of invented delays.\n\nVerdict: False\n\nVerdict: False\n\nBackground\n\nBackground checks were done.';
    expect(clean(raw, [duplicateLines]).removed).toEqual([]);
  });

  it('isTruncatedCopy needs a fragment, not a full sentence', () => {
    expect(isTruncatedCopy('The mayor said', 'The mayor said the bridge was safe.')).toBe(true);
    expect(isTruncatedCopy('The mayor spoke.', 'The mayor spoke. Then she left.')).toBe(false);
    expect(isTruncatedCopy('The mayor said', 'A mayor said the bridge was safe.')).toBe(false);
  });
});

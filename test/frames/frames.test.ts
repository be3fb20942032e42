import { describe, expect, it } from 'vitest';
import { formatArticleLabels, parseArticleLabels } from '../../src/corpora/semeval2023.js';
import { scoreMultiLabel } from '../../src/learn/metrics.js';
import { FRAMES, isFrame } from '../../src/tasks/frames/taxonomy.js';

describe('subtask-2 frame files', () => {
  it('subtask 2 names the unknown frame and its line', () => {
    const { problems } = parseArticleLabels('1\tEconomic,Political\n2\tEconomic,Astrology\n', isFrame, 'frame', false);
    expect(problems).toEqual([{ line: 2, message: 'unknown frame "Astrology"' }]);
  });

  it('round-trips the official format, with an empty frame list allowed', () => {
    const text = '1\tEconomic,Political\n2\t\n';
    const { rows, problems } = parseArticleLabels(text, isFrame, 'frame', false);
    expect(problems).toEqual([]);
    expect(formatArticleLabels(rows)).toBe(text);
  });
});

describe('frames scoring', () => {
  it('micro-F1 over the 14 frames', () => {
    expect(FRAMES).toHaveLength(14);
    const gold = new Map([['1', ['Economic', 'Political']], ['2', ['Morality']]]);
    const pred = new Map([['1', ['Economic']], ['2', ['Morality', 'Political']]]);
    // tp 2, fp 1, fn 1 → micro-F1 2/3.
    expect(scoreMultiLabel(gold, pred, FRAMES).microF1).toBeCloseTo(2 / 3, 10);
  });
});

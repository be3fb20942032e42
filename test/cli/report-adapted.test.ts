import { describe, expect, it } from 'vitest';
import { reportAdapted } from '../../src/cli/shared.js';

describe('reportAdapted', () => {
  const lines = (groups: Parameters<typeof reportAdapted>[0]) => {
    const out: string[] = [];
    reportAdapted(groups, (l) => out.push(l));
    return out;
  };

  it('says nothing for one article alone, which is no batch', () => {
    expect(lines([{ task: 'genre', language: 'fr', articles: 1, adapted: false }])).toEqual([]);
  });

  it('reports a small batch that kept the training priors, an adapted one, and a failure even for one article', () => {
    expect(lines([{ task: 'genre', language: 'fr', articles: 3, adapted: false }])[0]).toMatch(/^label priors: genre: training label priors kept for 3 fr article/);
    expect(lines([{ task: 'genre', language: 'en', articles: 40, adapted: true }])[0]).toMatch(/^label priors: genre: batch label priors for 40 en articles/);
    expect(lines([{ task: 'genre', language: 'en', articles: 1, adapted: false, error: 'no calibration' }])[0]).toContain('no calibration');
  });
});

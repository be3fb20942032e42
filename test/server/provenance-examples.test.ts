/** The invented copies in examples/provenance-feed.jsonl: loaded by the demo, marked as examples, later than their originals, and near-duplicates of them once cleaned. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { removeBoilerplate } from '../../src/clean/index.js';
import { overlapOf, shingleSet } from '../../src/features/minhash.js';
import { DEMO_COPIES_FILE, DEMO_FEED_FILE, DEMO_SOURCES } from '../../src/server/demo.js';

interface Row {
  id: string;
  title: string;
  text: string;
  url: string;
  source: string;
  published_at: string;
}

const read = (file: string): Row[] => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Row);
const copies = read(DEMO_COPIES_FILE);
const feed = new Map(read(DEMO_FEED_FILE).map((r) => [r.id, r]));
/** Which feed article each copy was made from (examples/README.md). */
const ORIGINAL: Record<string, string> = { 'prov-01': 'demo-15', 'prov-02': 'demo-15', 'prov-03': 'demo-17', 'prov-04': 'demo-01' };
/** The text with its boilerplate cut out, as the near-duplicate index sees it. */
function clean(text: string): string {
  let out = '';
  let pos = 0;
  for (const r of [...removeBoilerplate(text).removed].sort((a, b) => a.start - b.start)) {
    out += text.slice(pos, Math.max(pos, r.start));
    pos = Math.max(pos, r.end);
  }
  return out + text.slice(pos);
}

describe('the example copies', () => {
  it('are loaded by the demo and marked as examples on other invented sites', () => {
    expect(DEMO_SOURCES).toContain(DEMO_COPIES_FILE);
    expect(copies.map((c) => c.id)).toEqual(Object.keys(ORIGINAL));
    for (const c of copies) {
      const original = feed.get(ORIGINAL[c.id])!;
      expect(c.title, c.id).toMatch(/^EXAMPLE:/);
      expect(c.url, c.id).toMatch(/^https:\/\/[a-z-]+\.example\.org\//);
      expect(c.source, c.id).not.toBe(original.source);
      expect(Date.parse(c.published_at), c.id).toBeGreaterThan(Date.parse(original.published_at));
    }
  });

  it('share most of their clean text with their original, and little with another story', () => {
    for (const c of copies) {
      const mine = shingleSet(clean(c.text));
      const share = overlapOf(mine, shingleSet(clean(feed.get(ORIGINAL[c.id])!.text))).share;
      expect(share, c.id).toBeGreaterThanOrEqual(0.6);
      expect(overlapOf(mine, shingleSet(clean(feed.get('demo-12')!.text))).share, c.id).toBeLessThan(0.1);
    }
  });

  it('carry what the provenance views show: a credit line, a mangled name and anonymous sourcing', () => {
    const byId = new Map(copies.map((c) => [c.id, c.text]));
    expect(byId.get('prov-01')).toContain('This article was first published on Northgate Courier.');
    expect(byId.get('prov-03')).toContain('Kiyv');
    expect(byId.get('prov-03')).toContain('sources say');
  });
});

/** The provenance routes on a real store: the invented ferry story and its two copies form one cluster, the copying sources show it, and the article view's answer names the earliest copy. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEngine } from '../../src/store/sqlite-engine.js';
import { ArticleProvenanceSchema, ClusterDetailSchema, ClusterPageSchema, SourcePageSchema } from '../../src/api-schema.js';
import { createApp } from '../../src/server/app.js';
import { DEFAULT_LIMITS } from '../../src/server/limits.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { provenanceDatabase } from './provenance-fixtures.js';

let app: ReturnType<typeof createApp>;
let close: () => void;

beforeAll(() => {
  const db = provenanceDatabase();
  const store = new SqliteStore(db.path);
  app = createApp({ store: new SqliteEngine(store), analyze: () => Promise.reject(new Error('not used')), token: '', limits: DEFAULT_LIMITS, log: () => {} });
  close = () => {
    store.close();
    db.cleanup();
  };
});

afterAll(() => close());

const json = async (path: string) => (await app.request(path)).json() as Promise<unknown>;

describe('provenance on a stored corpus', () => {
  it('clusters the original and its two copies, earliest first, and leaves the unrelated article out', async () => {
    const page = ClusterPageSchema.parse(await json('/api/clusters'));
    expect(page.total).toBe(1);
    const [cluster] = page.clusters;
    expect(cluster.size).toBe(3);
    expect(cluster.earliest.id).toBe('ferry-original');
    const detail = ClusterDetailSchema.parse(await json(`/api/clusters/${encodeURIComponent(cluster.id)}`));
    expect(detail.members.map((m) => m.id)).toEqual(['ferry-original', 'ferry-copy-farm', 'ferry-copy-spun']);
    expect(detail.timeline.map((t) => t.day)).toEqual(['2026-10-05', '2026-10-06', '2026-10-08']);
  });

  it('profiles the copying sources by copy share', async () => {
    const { sources } = SourcePageSchema.parse(await json('/api/sources'));
    const bySource = new Map(sources.map((s) => [s.source, s]));
    expect(bySource.get('Daily Repost Hub')).toMatchObject({ articles: 1, copies: 1, copyShare: 1, liftsFrom: [{ source: 'Kelmarsh Gazette', count: 1 }] });
    expect(bySource.get('Kelmarsh Gazette')).toMatchObject({ articles: 2, copies: 0, originals: 1 });
    expect(sources.at(-1)?.source).toBe('Kelmarsh Gazette');
  });

  it("gives a copy's standing: its cluster, the other members and the earliest", async () => {
    const p = ArticleProvenanceSchema.parse(await json('/api/articles/ferry-copy-farm/provenance'));
    expect(p.isCopy).toBe(true);
    expect(p.cluster?.earliest.id).toBe('ferry-original');
    expect(p.copies.map((m) => m.id).sort()).toEqual(['ferry-copy-spun', 'ferry-original']);
    const lone = ArticleProvenanceSchema.parse(await json('/api/articles/orchard-report/provenance'));
    expect(lone.cluster).toBeUndefined();
    expect(lone.isCopy).toBe(false);
  });
});

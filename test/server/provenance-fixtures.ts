/**
 * A small invented story carried by three outlets (the original, a copy with boilerplate and a few
 * words swapped, a copy with a mangled place name and anonymous sourcing) and an unrelated article,
 * with constructed damage and sourcing spans; and hand-made provenance answers for rendering tests.
 * Every text here was written for these tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createArticle, type Article } from '../../src/doc/article.js';
import { analyzeArticle } from '../../src/pipeline.js';
import type { Analysis, DamageSpan, SourcingSpan } from '../../src/schema.js';
import type { ArticleProvenance, ClusterDetail, ClusterMember, SourceProfile } from '../../src/store/provenance.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { StoreItem } from '../../src/store/types.js';

const STORY = [
  'The ferry between Kelmarsh and the island of Oster Vay will run twice a day from next month, the harbour board said on Monday.',
  'The board said the second crossing had been requested by fishermen who sell their catch on the mainland early in the morning.',
  'A new pier at Kelmarsh is being built so that the larger boat can dock there in winter, when the old pier is often closed by storms.',
  'Tickets will cost the same as now, and children under twelve will travel free during the school holidays.',
  'The board expects the crossings to carry about three hundred passengers a week by the end of the summer season.',
].join('\n\n');

export interface ProvenanceFixture {
  id: string;
  title: string;
  body: string;
  source: string;
  url: string;
  publishedAt: string;
  damage?: { phrase: string; kind: DamageSpan['kind']; expected: string; reason: string; confidence: number }[];
  sourcing?: { phrase: string; kind: SourcingSpan['kind']; cue: string; source?: string }[];
}

export const PROVENANCE_FIXTURES: ProvenanceFixture[] = [
  {
    id: 'ferry-original',
    title: 'Example: Island ferry to run twice a day',
    body: STORY,
    source: 'Kelmarsh Gazette',
    url: 'https://kelmarsh-gazette.example.org/2026/10/ferry',
    publishedAt: '2026-10-05T08:00:00Z',
    sourcing: [{ phrase: 'the harbour board said on Monday', kind: 'named', cue: 'said', source: 'the harbour board' }],
  },
  {
    id: 'ferry-copy-farm',
    // Markup in a title a page shows must stay text.
    title: 'Example: Island ferry to run twice a day <img src=x onerror="window.__pwned=1">',
    body: `[ad_1]\n\n${STORY.replace('requested by fishermen', 'asked for by fishermen').replace('often closed', 'frequently closed')}\n\n[ad_2]\n\nThis article was first published on Kelmarsh Gazette.\n\nLeave a Reply`,
    source: 'Daily Repost Hub',
    url: 'https://daily-repost-hub.example.org/ferry-twice-a-day',
    publishedAt: '2026-10-06T10:00:00Z',
  },
  {
    id: 'ferry-copy-spun',
    title: 'Example: Island ferry will go two times each day',
    body: `${STORY.replaceAll('Kelmarsh', 'Kelmarshi').replace('the harbour board said on Monday', 'sources say')}\n\nIt is claimed that the fares could rise later.`,
    source: 'Spin Cycle News',
    url: 'https://spin-cycle-news.example.org/ferry',
    publishedAt: '2026-10-08T12:00:00Z',
    damage: [{ phrase: 'Kelmarshi', kind: 'entity-near-miss', expected: 'Kelmarsh', reason: 'near-miss of a known place name (edit distance 1)', confidence: 0.86 }],
    sourcing: [
      { phrase: 'sources say', kind: 'anonymous', cue: 'sources say' },
      { phrase: 'It is claimed that the fares could rise later.', kind: 'anonymous', cue: 'it is claimed' },
    ],
  },
  {
    id: 'orchard-report',
    title: 'Example: Orchard growers expect a late apple harvest',
    body:
      'Apple growers in the valley of Brenna expect the harvest to start two weeks late after a cold spring.\n\n' +
      'The growers association said the fruit was healthy but small, and that prices at the market should stay stable.',
    source: 'Kelmarsh Gazette',
    url: 'https://kelmarsh-gazette.example.org/2026/10/orchards',
    publishedAt: '2026-10-07T07:30:00Z',
  },
];

export function provenanceArticle(f: ProvenanceFixture): Article {
  return createArticle({ raw: `${f.title}\n\n${f.body}\n`, id: f.id, source: f.source, url: f.url, publishedAt: f.publishedAt, origin: { format: 'jsonl' } });
}

function spanOf(raw: string, phrase: string) {
  const start = raw.indexOf(phrase);
  if (start < 0) throw new Error(`fixture phrase not in text: ${phrase}`);
  return { start, end: start + phrase.length, text: phrase };
}

/** The pipeline's analysis without models, with the fixture's damage and sourcing spans. */
export function provenanceAnalysis(article: Article, f: ProvenanceFixture): Analysis {
  const a = analyzeArticle(article, { annotators: [] });
  a.provenance.damage = (f.damage ?? []).map((d) => ({ ...spanOf(article.raw, d.phrase), kind: d.kind, expected: d.expected, reason: d.reason, confidence: d.confidence }));
  const spans = (f.sourcing ?? []).map((s) => ({ ...spanOf(article.raw, s.phrase), kind: s.kind, cue: s.cue, ...(s.source ? { source: s.source } : {}), confidence: 0.8 }));
  const anonymous = spans.filter((s) => s.kind === 'anonymous').length;
  a.provenance.sourcing = {
    spans,
    anonymous,
    named: spans.length - anonymous,
    anonymousShare: spans.length ? anonymous / spans.length : 0,
    summary: spans.length ? `${anonymous} of ${spans.length} attributions are anonymous` : 'no attributions',
  };
  return a;
}

/** A temporary database holding the provenance fixtures; `cleanup` removes its folder. */
/** The provenance fixtures with their analyses, in ingest order, ready for any engine's putBatch. */
export function provenanceItems(): StoreItem[] {
  return PROVENANCE_FIXTURES.map((f) => {
    const article = provenanceArticle(f);
    return { article, analysis: provenanceAnalysis(article, f) };
  });
}

export function provenanceDatabase(): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'narrascope-provenance-test-'));
  const path = join(dir, 'provenance.db');
  const store = new SqliteStore(path);
  store.putBatch(provenanceItems());
  store.close();
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A hand-made cluster member. */
export function member(id: string, source: string, seenAt: string, extra: Partial<ClusterMember> = {}): ClusterMember {
  return { id, title: `Example: ${id}`, source, ingestedAt: '2026-11-01T00:00:00Z', seenAt, publishedAt: seenAt, earliest: false, overlap: 0.8, containment: 0.9, attributedTo: [], ...extra };
}

/** Hand-made answers of the store about the ferry story, for rendering without a store. */
export function handMadeCluster(): ClusterDetail {
  const earliest = member('ferry-original', 'Kelmarsh Gazette', '2026-10-05T08:00:00Z', { earliest: true, overlap: 1, containment: 1 });
  const members = [
    earliest,
    member('ferry-copy-farm', 'Daily Repost Hub', '2026-10-06T10:00:00Z', { overlap: 0.91, attributedTo: ['Kelmarsh Gazette'] }),
    member('ferry-copy-spun', 'Spin Cycle News', '2026-10-08T12:00:00Z', { overlap: 0.62 }),
  ];
  return {
    id: 'c-ferry',
    size: 3,
    earliest,
    firstSeen: earliest.seenAt,
    lastSeen: members[2].seenAt,
    sources: [
      { source: 'Kelmarsh Gazette', count: 1 },
      { source: 'Daily Repost Hub', count: 1 },
      { source: 'Spin Cycle News', count: 1 },
    ],
    attributedTo: [{ outlet: 'Kelmarsh Gazette', count: 1 }],
    members,
    timeline: [
      { day: '2026-10-05', count: 1 },
      { day: '2026-10-06', count: 1 },
      { day: '2026-10-08', count: 1 },
    ],
  };
}

export function handMadeProvenance(id: string, raw: string, substituted?: { phrase: string; expected: string }): ArticleProvenance {
  const cluster = handMadeCluster();
  const { members, timeline, ...summary } = cluster;
  void timeline;
  const substitutions: DamageSpan[] = substituted
    ? [{ ...spanOf(raw, substituted.phrase), kind: 'substitution', expected: substituted.expected, reason: 'word swapped against the earliest copy', confidence: 0.9 }]
    : [];
  return {
    id,
    cluster: summary,
    copies: members.filter((m) => m.id !== id).map((m) => ({ ...m, overlapWithThis: m.overlap })),
    isCopy: id !== cluster.earliest.id,
    substitutions,
  };
}

export function handMadeSources(): SourceProfile[] {
  return [
    {
      source: 'Daily Repost Hub',
      articles: 4,
      copies: 3,
      copyShare: 0.75,
      originals: 0,
      liftsFrom: [{ source: 'Kelmarsh Gazette', count: 3 }],
      attributesTo: [{ outlet: 'Kelmarsh Gazette', count: 2 }],
      boilerplate: [
        { rule: 'ad-markers', articles: 4, share: 1 },
        { rule: 'comment-form', articles: 2, share: 0.5 },
      ],
    },
    { source: 'Kelmarsh Gazette', articles: 5, copies: 0, copyShare: 0, originals: 3, liftsFrom: [], attributesTo: [], boilerplate: [] },
  ];
}

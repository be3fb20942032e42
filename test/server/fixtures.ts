/**
 * A small corpus of invented example articles with constructed analyses (narratives, technique spans,
 * entities, genre, frames), so the API and the dashboard can be tested whatever models are installed.
 * Every text here was written for these tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { SqliteEngine } from '../../src/store/sqlite-engine.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createArticle, type Article } from '../../src/doc/article.js';
import { analyzeArticle } from '../../src/pipeline.js';
import type { Analysis } from '../../src/schema.js';
import { createApp } from '../../src/server/app.js';
import type { ServerDeps } from '../../src/server/deps.js';
import { DEFAULT_LIMITS } from '../../src/server/limits.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { StoreItem } from '../../src/store/types.js';

export interface FixtureSpec {
  id: string;
  title: string;
  body: string;
  source: string;
  publishedAt: string;
  url?: string;
  domain?: 'URW' | 'CC' | 'none';
  narratives?: { label: string; score: number; evidence: string }[];
  subNarratives?: { label: string; narrative: string; score: number }[];
  techniques?: { technique: string; phrase: string; confidence: number }[];
  entities?: { name: string; role: 'Protagonist' | 'Antagonist' | 'Innocent'; fine: string[]; phrase: string }[];
  genre?: string;
  frames?: string[];
}

const BLAME = 'URW: Blaming the war on others rather than the invader';
const DISCREDIT_WEST = 'URW: Discrediting the West, Diplomacy';
const CLIMATE_POLICIES = 'CC: Criticism of climate policies';

export const NARRATIVE_LABELS = { BLAME, DISCREDIT_WEST, CLIMATE_POLICIES };

export const FIXTURE_SPECS: FixtureSpec[] = [
  {
    id: 'fixture-harbour',
    title: 'Example: Harbour town says distant bloc dragged it into the conflict',
    body:
      'In this invented example, the mayor of Port Amsel said the distant bloc had provoked the whole conflict.\n\n' +
      'The shameful cowards in the capital, he said, betrayed every fisherman in town.\n\n' +
      'Residents of Port Amsel were told the talks would never work.',
    source: 'example-harbour-news.test',
    url: 'https://example-harbour-news.test/2024/harbour',
    publishedAt: '2024-03-04',
    domain: 'URW',
    narratives: [
      { label: BLAME, score: 0.91, evidence: 'the distant bloc had provoked the whole conflict' },
      { label: DISCREDIT_WEST, score: 0.64, evidence: 'the talks would never work' },
    ],
    subNarratives: [{ label: `${DISCREDIT_WEST}: Diplomacy does/will not work`, narrative: DISCREDIT_WEST, score: 0.6 }],
    techniques: [
      { technique: 'Name_Calling-Labeling', phrase: 'shameful cowards', confidence: 0.87 },
      { technique: 'Loaded_Language', phrase: 'betrayed every fisherman', confidence: 0.72 },
    ],
    entities: [
      { name: 'distant bloc', role: 'Antagonist', fine: ['Instigator'], phrase: 'distant bloc' },
      { name: 'Port Amsel', role: 'Innocent', fine: ['Victim'], phrase: 'Port Amsel' },
    ],
    genre: 'opinion',
    frames: ['Security_and_defense'],
  },
  {
    id: 'fixture-windmill',
    title: 'Example: Windmill levy called a scheme to fill council pockets',
    body:
      'This invented example quotes a blogger who said the windmill levy of Tamberg is a scheme to fill council pockets.\n\n' +
      'Everyone knows the levy will ruin every family, the blogger wrote.',
    source: 'example-blog.test',
    publishedAt: '2024-03-12',
    domain: 'CC',
    narratives: [{ label: CLIMATE_POLICIES, score: 0.83, evidence: 'a scheme to fill council pockets' }],
    subNarratives: [{ label: `${CLIMATE_POLICIES}: Climate policies are only for profit`, narrative: CLIMATE_POLICIES, score: 0.77 }],
    techniques: [
      { technique: 'Appeal_to_Popularity', phrase: 'Everyone knows', confidence: 0.66 },
      { technique: 'Exaggeration-Minimisation', phrase: 'ruin every family', confidence: 0.58 },
    ],
    entities: [{ name: 'Tamberg council', role: 'Antagonist', fine: ['Corrupt'], phrase: 'council pockets' }],
    genre: 'opinion',
    frames: ['Economic'],
  },
  {
    id: 'fixture-bakery',
    title: 'Example: Rye bakery in Lindenvik extends its opening hours',
    body: 'In this invented example, a bakery in Lindenvik will open one hour earlier from Monday.\n\nThe owner thanked her regular customers.',
    source: 'example-harbour-news.test',
    publishedAt: '2024-03-20',
    domain: 'none',
    genre: 'reporting',
  },
  {
    id: 'fixture-hostile',
    title: 'Example: <b>Bold</b> claims about the distant bloc',
    body:
      'This invented example carries markup that must show as text: <script>window.__pwned = 1</script> and ' +
      '<img src="x" onerror="window.__pwned = 2"> and <a href="javascript:alert(1)">a link</a>.\n\n' +
      'The distant bloc provoked it all, a commenter wrote.',
    source: 'example-blog.test',
    publishedAt: '2024-03-26',
    domain: 'URW',
    narratives: [{ label: BLAME, score: 0.7, evidence: 'The distant bloc provoked it all' }],
    techniques: [{ technique: 'Loaded_Language', phrase: '<script>window.__pwned = 1</script>', confidence: 0.51 }],
    entities: [{ name: 'distant bloc', role: 'Antagonist', fine: ['Instigator'], phrase: 'distant bloc' }],
  },
];

function spanOf(raw: string, phrase: string) {
  const start = raw.indexOf(phrase);
  if (start < 0) throw new Error(`fixture phrase not in text: ${phrase}`);
  return { start, end: start + phrase.length, text: phrase };
}

export function fixtureArticle(spec: FixtureSpec): Article {
  return createArticle({
    raw: `${spec.title}\n\n${spec.body}\n`,
    id: spec.id,
    source: spec.source,
    publishedAt: spec.publishedAt,
    ...(spec.url ? { url: spec.url } : {}),
    origin: { format: 'jsonl' },
  });
}

/** The pipeline's analysis of the article, with the task sections the spec describes added. */
export function fixtureAnalysis(article: Article, spec: FixtureSpec): Analysis {
  const a = analyzeArticle(article, { annotators: [] });
  const raw = article.raw;
  if (spec.domain) {
    const narratives = (spec.narratives ?? []).map((n) => ({ label: n.label, score: n.score, evidence: [{ ...spanOf(raw, n.evidence), weight: 1 }] }));
    a.narratives = {
      status: 'ok',
      model: 'fixture',
      domain: { label: spec.domain, score: 0.9 },
      narratives,
      subNarratives: (spec.subNarratives ?? []).map((s) => ({ ...s, evidence: [] })),
      dominant: narratives[0]
        ? {
            narrative: narratives[0].label,
            subNarrative: spec.subNarratives?.[0]?.label ?? `${narratives[0].label}: Other`,
            explanation: 'Constructed for the tests.',
            evidence: narratives[0].evidence.map(({ start, end }) => ({ start, end })),
          }
        : null,
    };
  }
  if (spec.techniques) {
    const spans = spec.techniques.map((t) => ({ ...spanOf(raw, t.phrase), technique: t.technique, confidence: t.confidence, source: 'fixture' }));
    a.techniques = {
      spans,
      summary: [...new Set(spans.map((s) => s.technique))].map((technique) => ({
        technique,
        count: spans.filter((s) => s.technique === technique).length,
        score: Math.max(...spans.filter((s) => s.technique === technique).map((s) => s.confidence)),
      })),
    };
  }
  if (spec.entities) {
    a.entities = spec.entities.map((e) => ({
      name: e.name,
      mentions: [spanOf(raw, e.phrase)],
      mainRole: e.role,
      fineRoles: e.fine.map((role) => ({ role, score: 0.7 })),
      confidence: 0.8,
      evidence: [],
    }));
  }
  if (spec.genre) a.genre = { label: spec.genre, scores: { [spec.genre]: 0.8 } };
  if (spec.frames) a.frames = spec.frames.map((label) => ({ label, score: 0.6 }));
  a.models = [{ task: 'fixture', version: '1' }];
  return a;
}

/** A temporary database holding the fixture corpus; `cleanup` closes nothing, it removes the folder. */
/** The fixture articles with their hand-made analyses, ready for any engine's putBatch. */
export function fixtureItems(): StoreItem[] {
  return FIXTURE_SPECS.map((spec) => {
    const article = fixtureArticle(spec);
    return { article, analysis: fixtureAnalysis(article, spec) };
  });
}

export function fixtureDatabase(): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'narrascope-server-test-'));
  const path = join(dir, 'fixture.db');
  const store = new SqliteStore(path);
  store.putBatch(fixtureItems());
  store.close();
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The fixture database behind an app with the default limits, no annotators (fast and model-free) and
 * `token` for the writing routes; `close` closes the store and removes the database.
 */
export function fixtureServer(token: string): { deps: ServerDeps; app: ReturnType<typeof createApp>; close: () => void } {
  const db = fixtureDatabase();
  const deps: ServerDeps = {
    store: new SqliteEngine(db.path),
    analyze: (article, o) => analyzeArticle(article, { ...o, annotators: [] }),
    token,
    limits: DEFAULT_LIMITS,
    log: () => {},
  };
  return {
    deps,
    app: createApp(deps),
    close: () => {
      deps.store.close();
      db.cleanup();
    },
  };
}

/** An invented text of exactly `chars` characters: varied sentences about made-up towns, in paragraphs. */
export function inventedLongText(chars: number): string {
  const towns = ['Lindenvik', 'Port Amsel', 'Kerrowdale', 'Tamberg', 'Sundby'];
  const moods = ['reckless', 'historic', 'shameful', 'brave', 'disastrous'];
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < chars; i++) {
    const p =
      `In this invented example, residents of ${towns[i % 5]} said council plan number ${i} was ${moods[(i * 3) % 5]}. ` +
      `A spokesperson counted ${(i * 37) % 900} letters and promised an answer before meeting ${i + 1}.`;
    parts.push(p);
    length += p.length + 2;
  }
  return parts.join('\n\n').slice(0, chars);
}

/**
 * The HTTP API's response shapes (zod), with their TypeScript types inferred from them: the storage
 * engine returns these types, the server validates and documents its answers with these schemas,
 * and the dashboard reads its answers as these types. Request schemas live in src/server/schemas.ts.
 * A schema's `meta({ id })` is its name among the OpenAPI document's components.
 */
import { z } from 'zod';
import { AnalysisSchema, DamageSpanSchema, SpanSchema } from './schema.js';
import { DECISIONS, ROLES } from './store/annotations.js';
import { facetsOf, type AnyTask } from './tasks/task.js';

export const LabelScoreSchema = z.object({ label: z.string(), score: z.number() });
export const CountSchema = z.object({ label: z.string(), count: z.number().int() });
export const TimeBucketSchema = z.enum(['day', 'week', 'month']);

export type LabelScore = z.infer<typeof LabelScoreSchema>;
export type Count = z.infer<typeof CountSchema>;
export type TimeBucket = z.infer<typeof TimeBucketSchema>;

/** One row of a result list: enough to choose an article and see what it is about. */
export const ArticleListItemSchema = z.object({
  id: z.string(),
  hash: z.string(),
  title: z.string(),
  language: z.string(),
  source: z.string().optional(),
  url: z.string().optional(),
  publishedAt: z.string().optional(),
  ingestedAt: z.string(),
  date: z.string().describe('YYYY-MM-DD: publication date, else ingest date'),
  domain: z.string().optional().describe('Narrative domain (URW, CC, none) when the narrative model ran'),
  genre: z.string().optional(),
  snippet: z.string().optional().describe('Excerpt around the search terms; matches between U+E000 and U+E001'),
  narratives: z.array(LabelScoreSchema),
  subNarratives: z.array(LabelScoreSchema),
  techniques: z.array(LabelScoreSchema),
});

export const ArticlePageSchema = z
  .object({
    total: z.number().int(),
    offset: z.number().int(),
    limit: z.number().int(),
    items: z.array(ArticleListItemSchema),
    search: z
      .object({ query: z.string(), quoted: z.boolean() })
      .optional()
      .describe("The full-text query actually run, and whether the user's had to be quoted to be valid"),
  })
  .meta({ id: 'ArticlePage' });

export type ArticleListItem = z.infer<typeof ArticleListItemSchema>;
export type ArticlePage = z.infer<typeof ArticlePageSchema>;

/** The statistics every task list has; each task facet with a `stats` key adds its count list (statsSchema). */
const StatsBaseSchema = z.object({
  total: z.number().int(),
  withoutNarrative: z.number().int().describe('Articles with no narrative (none found, or the narrative model did not run)'),
  narratives: z.array(CountSchema).describe('The narratives, which the timeline follows'),
  entitiesByRole: z.array(z.object({ role: z.string(), entities: z.array(CountSchema) })).describe('Most frequent entities per main role'),
  languages: z.array(CountSchema),
  sources: z.array(CountSchema),
  timeline: z.object({
    bucket: TimeBucketSchema,
    periods: z.array(z.string()).describe('Day, Monday of the week (YYYY-MM-DD), or month (YYYY-MM)'),
    total: z.array(z.number().int()),
    narratives: z.array(z.object({ label: z.string(), counts: z.array(z.number().int()) })),
    undated: z.number().int().describe('Articles left out of the timeline: they have no publication date'),
  }),
});

/**
 * The statistics response for these tasks: the fixed fields, and a count list per task facet with a
 * `stats` key. Its static type has the fixed fields only, since the facet keys are known when the
 * task list is, not when the code is compiled (read a facet's list with facetCounts).
 */
export function statsSchema(tasks: readonly AnyTask[]) {
  const lists = facetsOf(tasks).flatMap((f) => (f.stats ? [[f.stats, z.array(CountSchema).describe(`${f.title}: articles per ${f.name}`)] as const] : []));
  return StatsBaseSchema.extend(Object.fromEntries(lists) as {}).meta({ id: 'Stats' });
}

/**
 * Counts over a filtered corpus, whatever the task list: the fixed fields, and a task facet's count
 * list under its `stats` key (subNarratives, techniques, domains …; read one with facetCounts).
 */
export const CorpusStatsSchema = StatsBaseSchema.catchall(z.unknown());
export type CorpusStats = z.infer<typeof CorpusStatsSchema>;

/** GET /api/tasks: the tasks and their facets, from which the dashboard builds its filters, cards and panels. */
export const TaskListSchema = z.object({
  tasks: z.array(
    z.object({
      id: z.string(),
      title: z.string().describe('How the article view heads its result'),
      facets: z.array(
        z.object({
          task: z.string().describe('The label task (the `task` of its rows in the label index)'),
          filter: z.string().optional().describe('The query parameter that filters by it'),
          stats: z.string().optional().describe('Its count list in GET /api/stats'),
          name: z.string().describe("A label's kind in words"),
          title: z.string().describe('Its facet card title'),
        }),
      ),
    }),
  ),
}).meta({ id: 'TaskList' });

export type TaskList = z.infer<typeof TaskListSchema>;

/** A field left out of an article that was otherwise analysed or stored (a date that is not a date, a URL that is not http(s)). */
export const ItemWarningSchema = z.object({
  item: z.string().describe('`article`, `articles[2]`, or the uploaded file and line (`batch.jsonl:3`)'),
  field: z.string(),
  message: z.string(),
});

export type ItemWarning = z.infer<typeof ItemWarningSchema>;

/** An analyst's decision on a label (src/store/annotations.ts Annotation). */
export const AnnotationSchema = z.object({
  id: z.string(),
  articleId: z.string(),
  articleHash: z.string().optional(),
  task: z.string().describe('narratives (narratives and sub-narratives), entities, techniques, genre or frames'),
  label: z.string(),
  entity: z.string().optional().describe('The entity whose role this is (task entities)'),
  span: SpanSchema.optional().describe('Character offsets into the raw text (technique spans)'),
  decision: z.enum(DECISIONS),
  note: z.string().optional(),
  author: z.string().describe('The name of the token that made it'),
  createdAt: z.string(),
  modelVersion: z.string().describe("The analysis's model version when it was made"),
  overrides: z.object({ label: z.string(), score: z.number() }).optional().describe("The model's label and score it is about, when the model gave it"),
  current: z.boolean().describe('False once a later decision of the same author on the same target replaced it'),
  conflictsWith: z.array(z.string()).optional().describe("Ids of other authors' current decisions on the same target that disagree"),
}).meta({ id: 'Annotation' });

export type AnnotationBody = z.infer<typeof AnnotationSchema>;

/** An article's decisions, oldest first, and its annotation revision (0 when none). */
export const ArticleAnnotationsSchema = z.object({
  revision: z.number().int(),
  annotations: z.array(AnnotationSchema),
}).meta({ id: 'ArticleAnnotations' });

export const AnnotateResultSchema = z.object({
  annotations: z.array(AnnotationSchema).describe('The decisions this request stored'),
  revision: z.number().int().describe("The article's annotation revision after it"),
  conflicts: z.array(AnnotationSchema).describe("Current decisions on this request's targets that disagree with another author's"),
}).meta({ id: 'AnnotateResult' });

export type AnnotateResultBody = z.infer<typeof AnnotateResultSchema>;

/** A label as the article view shows it (src/review/overlay.ts). */
export const ShownLabelSchema = z.object({
  label: z.string(),
  entity: z.string().optional(),
  span: SpanSchema.optional(),
  narrative: z.string().optional().describe("A sub-narrative's narrative"),
  score: z.number().optional().describe("The model's score, when the model gave the label"),
  source: z.enum(['analyst', 'model']).describe('analyst: a current decision says so; model: no decision on it'),
  decision: z.enum(DECISIONS).optional(),
  author: z.string().optional(),
  at: z.string().optional().describe('When the decision was made'),
  conflict: z.boolean().optional().describe('Authors disagree on it; the latest decision is the one applied'),
  decisions: z.array(z.object({ author: z.string(), decision: z.enum(DECISIONS) })).optional().describe('With a conflict: every author\'s current decision'),
}).meta({ id: 'ShownLabel' });

export const TaskOverlaySchema = z.object({
  labels: z.array(ShownLabelSchema).describe('The labels shown'),
  rejected: z.array(ShownLabelSchema).describe('Labels hidden by a decision (the model\'s, or ones rejected before it gave them)'),
});

/** Per task id: the labels shown for an article, the analyst's where a decision exists. */
export const EffectiveLabelsSchema = z.record(z.string(), TaskOverlaySchema).meta({ id: 'EffectiveLabels' });

export type ShownLabel = z.infer<typeof ShownLabelSchema>;
export type TaskOverlay = z.infer<typeof TaskOverlaySchema>;
export type EffectiveLabels = z.infer<typeof EffectiveLabelsSchema>;

/**
 * One article with its text, fields and analysis, as every article view reads it; `stored` tells a
 * stored article from an analysed-but-not-stored one (which has no ingest time or model version).
 */
export const ArticleDetailSchema = z.object({
  id: z.string(),
  hash: z.string(),
  title: z.string(),
  raw: z.string().describe('The text exactly as ingested; every offset in the analysis points into it'),
  url: z.string().optional(),
  source: z.string().optional(),
  publishedAt: z.string().optional(),
  language: z.string(),
  origin: z.object({ path: z.string().optional(), line: z.number().optional(), format: z.string() }),
  ingestedAt: z.string().optional().describe('Absent for /api/analyze results, which are not stored'),
  modelVersion: z.string().optional(),
  stored: z.boolean(),
  analysis: AnalysisSchema.meta({ id: 'Analysis' }),
  annotations: ArticleAnnotationsSchema.optional().describe('Stored articles: the decisions on it'),
  effective: EffectiveLabelsSchema.optional().describe('Stored articles: the labels shown, per task, with the decisions applied'),
  warnings: z.array(ItemWarningSchema).optional().describe('/api/analyze only, when a field was left out (a date that is not a date, a URL that is not http(s))'),
}).meta({ id: 'ArticleDetail' });

export type ArticleDetail = z.infer<typeof ArticleDetailSchema>;

/** POST /api/analyze of several articles: each with its analysis, in the order sent. */
export const AnalyzeBatchResultSchema = z.object({
  articles: z.array(ArticleDetailSchema),
}).meta({ id: 'AnalyzeBatchResult' });

export type AnalyzeBatchResult = z.infer<typeof AnalyzeBatchResultSchema>;

export const IngestResultSchema = z.object({
  inserted: z.number().int(),
  duplicates: z.number().int(),
  ids: z.array(z.string()),
  problems: z.array(z.object({ item: z.string(), error: z.string() })).describe('Items that were skipped, each named'),
  warnings: z.array(ItemWarningSchema).describe('Fields left out of articles that were read (the article is kept without them)'),
}).meta({ id: 'IngestResult' });

export type IngestResult = z.infer<typeof IngestResultSchema>;

export const HealthSchema = z.object({
  ok: z.literal(true),
  articles: z.number().int().describe('Stored articles'),
  writes: z.enum(['enabled', 'disabled']).describe('Whether writes can be made: the server has NARRASCOPE_TOKEN or its store a token not revoked'),
}).meta({ id: 'Health' });

export type Health = z.infer<typeof HealthSchema>;

/** Every error answer: one line naming the problem, and the field when there is one. */
export const ErrorSchema = z.object({
  error: z.string().describe('One line naming the problem (and the field, when there is one)'),
  field: z.string().optional(),
}).meta({ id: 'Error' });

export type ErrorBody = z.infer<typeof ErrorSchema>;

/**
 * Provenance across the corpus (issue 14): near-duplicate clusters, source profiles and where one
 * article stands. These mirror the store's ProvenanceQueries answers (src/store/provenance.ts); the
 * routes' typed answers (src/server/routes/provenance.ts) make the compiler hold the two together.
 */
export const ClusterMemberSchema = z.object({
  id: z.string(),
  title: z.string(),
  source: z.string().optional(),
  url: z.string().optional(),
  publishedAt: z.string().optional(),
  ingestedAt: z.string(),
  seenAt: z.string().describe('The date the member is ordered by: publishedAt, else ingestedAt'),
  earliest: z.boolean().describe("Whether it is the cluster's earliest member"),
  overlap: z.number().describe('Verified share of shingles shared with the earliest member (Jaccard, 0–1)'),
  containment: z.number().describe("Share of this member's shingles found in the earliest member (0–1)"),
  attributedTo: z.array(z.string()).describe('Outlets its own text names as the first publisher'),
});

const OutletCountSchema = z.object({ outlet: z.string(), count: z.number().int() });
const SourceCountSchema = z.object({ source: z.string(), count: z.number().int() });

export const ClusterSummarySchema = z.object({
  id: z.string(),
  size: z.number().int(),
  earliest: ClusterMemberSchema,
  firstSeen: z.string(),
  lastSeen: z.string(),
  sources: z.array(SourceCountSchema).describe('Sources of its members, most frequent first'),
  attributedTo: z.array(OutletCountSchema).describe('Outlets its members attribute the text to, most frequent first'),
}).meta({ id: 'ClusterSummary' });

export const ClusterPageSchema = z.object({ total: z.number().int(), clusters: z.array(ClusterSummarySchema) }).meta({ id: 'ClusterPage' });

export const ClusterDetailSchema = ClusterSummarySchema.extend({
  members: z.array(ClusterMemberSchema).describe('Earliest first, then by seenAt'),
  timeline: z.array(z.object({ day: z.string(), count: z.number().int() })).describe('Members per day (YYYY-MM-DD)'),
}).meta({ id: 'ClusterDetail' });

export const SourceProfileSchema = z.object({
  source: z.string(),
  articles: z.number().int(),
  copies: z.number().int().describe('Its articles that copy an earlier article of another source'),
  copyShare: z.number().describe('copies / articles'),
  originals: z.number().int().describe('Its articles that are the earliest member of a cluster with members elsewhere'),
  liftsFrom: z.array(SourceCountSchema).describe('Sources of the earliest members it copied, most frequent first'),
  attributesTo: z.array(OutletCountSchema).describe('Outlets its articles name as the first publisher'),
  boilerplate: z.array(z.object({ rule: z.string(), articles: z.number().int(), share: z.number() })).describe('Cleaning rules that fire on its articles: its boilerplate fingerprint'),
}).meta({ id: 'SourceProfile' });

export const SourcePageSchema = z.object({ total: z.number().int(), sources: z.array(SourceProfileSchema) }).meta({ id: 'SourcePage' });

export const ArticleProvenanceSchema = z.object({
  id: z.string(),
  cluster: ClusterSummarySchema.optional().describe('Absent when no other stored article is a near-duplicate of it'),
  copies: z.array(ClusterMemberSchema.extend({ overlapWithThis: z.number() })).describe('The other members, with their overlap with this article'),
  isCopy: z.boolean().describe('Whether an earlier member exists: this article is a copy'),
  substitutions: z.array(DamageSpanSchema).describe('Words swapped against the earliest member (offsets into this article)'),
  note: z.string().optional().describe('Why the article is not in the near-duplicate index (too short, stored before the index existed)'),
}).meta({ id: 'ArticleProvenance' });

export type ClusterPage = z.infer<typeof ClusterPageSchema>;
export type ClusterDetailBody = z.infer<typeof ClusterDetailSchema>;
export type SourcePage = z.infer<typeof SourcePageSchema>;
export type SourceProfileBody = z.infer<typeof SourceProfileSchema>;
export type ArticleProvenanceBody = z.infer<typeof ArticleProvenanceSchema>;

/** One work queue's jobs by state (src/queue/status.ts QueueDepth). */
export const QueueDepthSchema = z.object({
  queue: z.enum(['narrascope-analyse', 'narrascope-refresh']).describe('New articles to analyse, or stored ones to analyse again'),
  queued: z.number().int().describe('Waiting for a worker'),
  active: z.number().int().describe('Held by a worker now'),
  completed: z.number().int().describe('Done (pg-boss archives them after 12 hours)'),
  failed: z.number().int().describe('Failed their last attempt'),
  dead: z.number().int().describe('In the dead-letter queue: `narrascope jobs --failed` lists them'),
}).meta({ id: 'QueueDepth' });

export const JobsSchema = z.object({
  engine: z.enum(['sqlite', 'postgres']),
  queues: z.array(QueueDepthSchema).nullable().describe('null when the store has no job queue (SQLite)'),
  message: z.string().optional().describe('Why there is no queue'),
}).meta({ id: 'Jobs' });

export type Jobs = z.infer<typeof JobsSchema>;

/** A label of the active taxonomy, with its definition and examples when the taxonomy has them. */
const TaxonomyEntrySchema = z.object({
  label: z.string().describe('The label string stored in analyses and decisions'),
  name: z.string(),
  definition: z.string().optional(),
  examples: z.array(z.string()).optional(),
});

/** GET /api/taxonomy: every label a decision may name, for the label picker (src/review/labels.ts). */
export const TaxonomySchema = z.object({
  id: z.string(),
  version: z.string(),
  source: z.enum(['file', 'installed', 'semeval']).describe("A taxonomy file, the installed model's, or the SemEval-2025 labels of the shipped models"),
  domains: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      definition: z.string().optional(),
      narratives: z.array(TaxonomyEntrySchema.extend({ subNarratives: z.array(TaxonomyEntrySchema) })),
    }),
  ),
  roles: z.array(z.object({ label: z.string(), main: z.string().optional().describe("A fine role's main role") })).describe('Entity roles: the main roles, then the fine roles'),
  techniques: z.array(z.string()),
  genres: z.array(z.string()),
  frames: z.array(z.string()),
}).meta({ id: 'Taxonomy' });

export type TaxonomyBody = z.infer<typeof TaxonomySchema>;

/** A named API token, without its secret. */
export const TokenInfoSchema = z.object({
  name: z.string(),
  role: z.enum(ROLES),
  createdAt: z.string(),
  revokedAt: z.string().optional(),
  lastUsedAt: z.string().optional().describe('Updated at most once a minute'),
}).meta({ id: 'TokenInfo' });

export const TokenCreatedSchema = z.object({
  secret: z.string().describe('Shown this once: the store keeps only its SHA-256 hash'),
  info: TokenInfoSchema,
}).meta({ id: 'TokenCreated' });

export const TokenListSchema = z.object({ tokens: z.array(TokenInfoSchema) }).meta({ id: 'TokenList' });

/** GET /api/review: the articles no analyst has decided on, those a decision would teach the model most first (src/review/queue.ts). */
export const ReviewPageSchema = z.object({
  total: z.number().int().describe('Articles under the filter'),
  reviewed: z.number().int().describe('Of them, those with a current decision (out of the queue)'),
  items: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      language: z.string(),
      source: z.string().optional(),
      publishedAt: z.string().optional(),
      priority: z.number().describe('Higher first'),
      reasons: z.array(z.string()).describe('Why it is this high, in words'),
    }),
  ),
}).meta({ id: 'ReviewPage' });

const PairAgreementSchema = z.object({
  a: z.string(),
  b: z.string(),
  articles: z.number().int().describe('Articles where both decided a common target'),
  targets: z.number().int().describe('Targets (one label of one article) both decided'),
  kappa: z.number().nullable().describe("Cohen's kappa; null where undefined (both gave one same value throughout)"),
});

const AgreementSchema = z.object({
  pairs: z.array(PairAgreementSchema),
  alpha: z.number().nullable().describe("Krippendorff's alpha (nominal) over every target two or more decided; null when undefined"),
  targets: z.number().int().describe('Targets decided by two or more annotators'),
});

/** GET /api/review/agreement (src/review/agreement.ts). */
export const AgreementReportSchema = AgreementSchema.extend({
  byTask: z.record(z.string(), AgreementSchema),
}).meta({ id: 'AgreementReport' });

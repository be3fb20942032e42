/**
 * The `Analysis` schema: the one output format shared by the CLI's `--json`, the store, the HTTP API
 * and the dashboard. Every offset is a UTF-16 index into the article's raw text (title line included,
 * BOM and CRLF kept), end exclusive. Documented in docs/analysis-schema.md.
 */
import { z } from 'zod';

export const SCHEMA_VERSION = '1.0.0';

export const SpanSchema = z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() });

/** A quoted piece of the article that supports a label. */
export const EvidenceSchema = SpanSchema.extend({
  text: z.string(),
  weight: z.number().describe('How much this span contributed to the label (model-specific scale)'),
});

export const RemovalSchema = SpanSchema.extend({
  rule: z.string().describe('Id of the boilerplate rule that matched, e.g. "ad-marker"'),
  reason: z.string().describe('Human-readable reason for the removal'),
  text: z.string(),
});

export const AttributionSchema = SpanSchema.extend({
  outlet: z.string().describe('The outlet named by the text'),
  kind: z.enum(['first-published', 'promotes', 'credit']),
  rule: z.string(),
  text: z.string().describe('The sentence that names the outlet'),
});

/**
 * A stretch of text that reads as machine-translation damage: a named entity that is a near-miss of a
 * known one ("Bahmuth" for "Bakhmut"), a calque or collocation a fluent writer would not use, or a word
 * swapped for another against an earlier copy of the same text (a spun copy).
 */
export const DamageSpanSchema = SpanSchema.extend({
  text: z.string(),
  kind: z.enum(['entity-near-miss', 'calque', 'substitution']),
  reason: z.string().describe('Why it was flagged, in words'),
  expected: z.string().optional().describe('The known form: the entity name it misses, the usual phrase, or the earlier copy\'s word'),
  confidence: z.number().min(0).max(1),
});

/** A claim attributed to a source: anonymous or unverifiable ("sources say") or named ("the ministry said"). */
export const SourcingSpanSchema = SpanSchema.extend({
  text: z.string(),
  kind: z.enum(['anonymous', 'named']),
  cue: z.string().describe('The attribution cue that matched, e.g. "sources say"'),
  source: z.string().optional().describe('Who is named, for a named attribution'),
  confidence: z.number().min(0).max(1),
});

export const SourcingSchema = z.object({
  spans: z.array(SourcingSpanSchema),
  anonymous: z.number().int().nonnegative(),
  named: z.number().int().nonnegative(),
  anonymousShare: z.number().min(0).max(1).describe('anonymous / (anonymous + named), 0 when there are none'),
  summary: z.string().describe('One line in words, e.g. "4 of 5 attributions are anonymous"'),
});

export const LanguageSchema = z.object({
  code: z.string().describe('ISO 639-1 code, or "und" when undetermined'),
  name: z.string(),
  confidence: z.number().min(0).max(1),
  reliable: z.boolean(),
  alternatives: z.array(z.object({ code: z.string(), confidence: z.number() })),
  mixed: z.boolean().optional().describe('True when paragraphs in two or more languages each hold a real share of the text'),
  parts: z
    .array(
      z.object({
        code: z.string(),
        name: z.string(),
        share: z.number().min(0).max(1).describe('Share of the text\'s letters in this language'),
        paragraphs: z.array(SpanSchema),
      }),
    )
    .optional()
    .describe('For a mixed text: each language with its paragraphs, largest share first'),
});

/** Who gave a label: the fast tier (absent fields) or a language model (docs/llm.md). */
const TierFields = {
  tier: z.enum(['fast', 'llm', 'hybrid']).optional().describe('The tier that gave the label (absent: fast)'),
  model: z.string().optional().describe('The language model that gave the label (its provider model id)'),
  verified: z.boolean().optional().describe('For a language model\'s label: whether at least one of its evidence quotes was found in the article'),
};

export const ScoredLabelSchema = z.object({
  label: z.string(),
  score: z.number().describe('Model probability in [0, 1]'),
  threshold: z.number().optional().describe('Decision threshold the score was compared with'),
  evidence: z.array(EvidenceSchema),
  ...TierFields,
});

export const NarrativesSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  reason: z.string().optional().describe('Why no labels were produced, when status is "unavailable"'),
  model: z.string().optional(),
  domain: z
    .object({ label: z.enum(['URW', 'CC', 'none']), score: z.number() })
    .nullable()
    .describe('The topic domain (war in Ukraine or climate change; "none" for an article about neither), whether or not a narrative is pushed'),
  narratives: z.array(ScoredLabelSchema),
  candidates: z
    .array(z.object({ label: z.string(), score: z.number() }))
    .optional()
    .describe('When no narrative was chosen ("Other"): the most probable narratives, all below the decision rule'),
  semeval: z
    .object({ narratives: z.array(z.string()), subNarratives: z.array(z.string()) })
    .optional()
    .describe('The labels as a SemEval subtask-2 submission lists them, "Other" catch-alls included (predict narratives, the semeval-subtask2 export); not shown to readers'),
  subNarratives: z.array(ScoredLabelSchema.extend({ narrative: z.string() })),
  dominant: z
    .object({
      narrative: z.string(),
      subNarrative: z.string(),
      reason: z.string().optional().describe('Why this narrative is the dominant one (its scores against the runner-up\'s)'),
      explanation: z.string().describe('At most 80 words, built from the article\'s own sentences'),
      evidence: z.array(SpanSchema),
      ...TierFields,
    })
    .nullable(),
});

export const EntitySchema = z.object({
  name: z.string(),
  kind: z.string().optional(),
  mentions: z.array(SpanSchema.extend({ text: z.string() })),
  mainRole: z.enum(['Protagonist', 'Antagonist', 'Innocent']),
  fineRoles: z.array(z.object({ role: z.string(), score: z.number() })),
  confidence: z.number(),
  evidence: z.array(EvidenceSchema),
  ...TierFields,
});

export const TechniqueSpanSchema = SpanSchema.extend({
  technique: z.string(),
  confidence: z.number(),
  source: z.string().describe('Detector or model that found it'),
  text: z.string(),
});

/** Per task: the label priors a batch's decisions were made under, when they were not the training priors (src/tasks/shift.ts). */
export const LabelShiftSchema = z.record(
  z.string(),
  z.object({
    batchSize: z.number().int().describe('Articles of the batch read by the same model (same language) that the priors were estimated from'),
    priors: z.record(z.string(), z.number()).describe('The batch\'s estimated prior of each label that moved by more than 0.01 from training'),
    trainingPriors: z.record(z.string(), z.number()).describe('The same labels\' priors in the training data'),
  }),
);

export const AnalysisSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  article: z.object({
    id: z.string(),
    title: z.string(),
    hash: z.string(),
    url: z.string().optional(),
    source: z.string().optional(),
    publishedAt: z.string().optional(),
    length: z.number().int(),
    origin: z.object({ path: z.string().optional(), line: z.number().optional(), format: z.string() }),
  }),
  language: LanguageSchema,
  cleaning: z.object({
    removed: z.array(RemovalSchema),
    cleanLength: z.number().int(),
    titleSpan: SpanSchema.describe('Where the headline is, after boilerplate lines above it were removed'),
  }),
  provenance: z.object({
    attributedTo: z.array(AttributionSchema),
    damage: z
      .array(DamageSpanSchema)
      .optional()
      .describe('Machine-translation damage found in the clean text (absent when the provenance task did not run)'),
    sourcing: SourcingSchema.optional().describe('Attributions of claims to sources, named or not (absent when the provenance task did not run)'),
    note: z.string().optional().describe('Why damage or sourcing were not looked for (e.g. no word list for the language, text too short)'),
  }),
  text: z.object({
    sentences: z.array(SpanSchema),
    paragraphs: z.array(SpanSchema),
    sentenceCount: z.number().int(),
    wordCount: z.number().int(),
  }),
  narratives: NarrativesSchema.optional(),
  entities: z.array(EntitySchema).optional(),
  techniques: z
    .object({ spans: z.array(TechniqueSpanSchema), summary: z.array(z.object({ technique: z.string(), count: z.number(), score: z.number() })) })
    .optional(),
  genre: z.object({ label: z.string(), scores: z.record(z.string(), z.number()) }).optional(),
  frames: z.array(z.object({ label: z.string(), score: z.number() })).optional(),
  models: z.array(
    z.object({
      task: z.string(),
      version: z.string(),
      // A language-model tier's entry (docs/llm.md): the version is its prompt version.
      tier: z.enum(['llm', 'hybrid']).optional(),
      model: z.string().optional().describe('The language model\'s provider model id'),
      promptTokens: z.number().int().optional(),
      completionTokens: z.number().int().optional(),
      ms: z.number().optional().describe('Milliseconds of the model calls (of the original calls when cached)'),
      calls: z.number().int().optional().describe('Model calls made for this article in this run (0 when the answer came from the cache)'),
      cached: z.boolean().optional().describe('The answer came from the store\'s cache'),
      error: z.string().optional().describe('Why the model\'s answer was not used (the fast tier\'s labels were kept)'),
    }),
  ),
  labelShift: LabelShiftSchema.optional().describe('Tasks whose decisions were adapted to the label mix of the batch the article came in (absent: training priors)'),
  notes: z.array(z.string()).describe('Warnings about this analysis, e.g. a language without a model'),
  timings: z.record(z.string(), z.number()).describe('Milliseconds spent per stage'),
});

export type Analysis = z.infer<typeof AnalysisSchema>;
export type Removal = z.infer<typeof RemovalSchema>;
export type Attribution = z.infer<typeof AttributionSchema>;
export type DamageSpan = z.infer<typeof DamageSpanSchema>;
export type SourcingSpan = z.infer<typeof SourcingSpanSchema>;
export type Sourcing = z.infer<typeof SourcingSchema>;
export type LanguageGuess = z.infer<typeof LanguageSchema>;
export type Evidence = z.infer<typeof EvidenceSchema>;
export type Narratives = z.infer<typeof NarrativesSchema>;
export type LabelShift = z.infer<typeof LabelShiftSchema>;

/**
 * The entities task: discover an article's mentions, classify each in its context with the
 * language's model, and give each entity the roles its most telling mentions show (probabilities
 * averaged with weights favouring confident mentions), with the sentence that shows it best. Reads
 * the Doc's tokens, sentences and "narratives" layer (the stance features).
 */
import { layerOf } from '../../doc/doc.js';
import type { Span } from '../../doc/span.js';
import type { Analysis } from '../../schema.js';
import type { Task, TaskLabelRow } from '../task.js';
import { ENTITY_COLUMNS, ENTITY_FACETS } from './facets.js';
import { modelLanguages } from '../models.js';
import { articleContext, docContext, type ArticleContext } from './context.js';
import { buildGazetteer, discoverEntities, type Gazetteer } from './discover.js';
import type { EntityRoleModel } from './model.js';
import { entityModelDir, loadEntityModel } from './store.js';
import { versionTag } from '../../learn/modelfile.js';
import { roundTo } from '../../util/round.js';
import { mergeEntities } from './merge.js';

type Entity = NonNullable<Analysis['entities']>[number];

export interface EntityAnnotateOptions {
  /** At most this many entities, most mentioned and most confident first. */
  maxEntities: number;
  /** Unknown names (not curated, not in training) need at least this many mentions. */
  minMentionsUnknown: number;
  /**
   * Mentions classified per entity, spread over the article: past a handful, more mentions of the
   * same name change its averaged role little and cost the most time in long articles.
   */
  maxMentionsScored: number;
}

export const DEFAULT_ANNOTATE_OPTIONS: EntityAnnotateOptions = { maxEntities: 12, minMentionsUnknown: 2, maxMentionsScored: 4 };

/** At most `k` items, evenly spread over the list (first and last included). */
function spread<T>(items: readonly T[], k: number): T[] {
  if (items.length <= k) return [...items];
  return Array.from({ length: k }, (_, i) => items[Math.round((i * (items.length - 1)) / (k - 1))]);
}

const gazetteers = new WeakMap<EntityRoleModel, Gazetteer>();

function sentenceOf(sentences: readonly Span[], pos: number): Span | undefined {
  return sentences.find((s) => pos >= s.start && pos < s.end);
}

/**
 * Entities of a raw text with roles; `sentences` are raw spans (the clean sentences of the pipeline),
 * `narratives` the article's narrative labels (empty: "Other"; undefined: unknown), read by models
 * with stance features.
 */
export function annotateEntities(raw: string, sentences: readonly Span[], model: EntityRoleModel, options: Partial<EntityAnnotateOptions> = {}, narratives?: readonly string[]): Entity[] {
  return entitiesIn(articleContext(raw, sentences, narratives), sentences, model, options);
}

/** The entities of an article context, discovered within `sentences` (raw spans). */
function entitiesIn(ctx: ArticleContext, sentences: readonly Span[], model: EntityRoleModel, options: Partial<EntityAnnotateOptions>): Entity[] {
  const o = { ...DEFAULT_ANNOTATE_OPTIONS, ...options };
  const raw = ctx.raw;
  let gaz = gazetteers.get(model);
  if (!gaz) {
    gaz = buildGazetteer(model.names);
    gazetteers.set(model, gaz);
  }
  // Only the most mentioned entities can make the list (rank grows with mentions): classify a few
  // more than are reported, so confidence can still reorder the last places.
  const entities = discoverEntities(ctx, gaz, sentences, o.minMentionsUnknown)
    .sort((a, b) => b.mentions.length - a.mentions.length)
    .slice(0, o.maxEntities + 4);
  const M = model.taxonomy.mainRoles.length;
  const F = model.taxonomy.fineRoles.length;
  const out: (Entity & { rank: number })[] = [];
  for (const e of entities) {
    const main = new Float64Array(M);
    const fine = new Float64Array(F);
    let wsum = 0;
    const scored = spread(e.mentions, o.maxMentionsScored).map((m) => ({ m, p: model.classify(ctx, m.span, m.text) }));
    for (const { p } of scored) {
      // Confident mentions tell more: weight by how far the best main role stands above a uniform guess.
      const w = Math.max(1e-3, Math.max(...p.mainScores) - 1 / M);
      for (let k = 0; k < M; k++) main[k] += w * p.mainScores[k];
      for (let k = 0; k < F; k++) fine[k] += w * p.fineScores[k];
      wsum += w;
    }
    for (let k = 0; k < M; k++) main[k] /= wsum;
    for (let k = 0; k < F; k++) fine[k] /= wsum;
    const decided = model.decodeScores(main, fine);
    const mainId = model.taxonomy.mainRoles.indexOf(decided.main);
    const best = scored.reduce((a, b) => (b.p.mainScores[mainId] > a.p.mainScores[mainId] ? b : a));
    const sent = sentenceOf(sentences, best.m.span.start) ?? best.m.span;
    out.push({
      name: e.name,
      ...(e.kind ? { kind: e.kind } : {}),
      mentions: e.mentions.map((m) => ({ start: m.span.start, end: m.span.end, text: m.text })),
      mainRole: decided.main,
      fineRoles: decided.fine.map((f) => ({ role: f.role, score: round(f.score) })),
      confidence: round(decided.mainScore),
      evidence: [{ start: sent.start, end: sent.end, text: raw.slice(sent.start, sent.end).trim(), weight: round(best.p.mainScores[mainId]) }],
      // Ranked on the raw score, so calibration leaves the chosen entities and their order as they were.
      rank: e.mentions.length * (0.5 + main[mainId]),
    });
  }
  return out
    .sort((a, b) => b.rank - a.rank)
    .slice(0, o.maxEntities)
    .map(({ rank: _rank, ...e }) => e);
}

const round = (x: number) => roundTo(x, 3);

/** Label rows: each entity, its main role, its fine roles, and "<main role>/<name>". */
function labelRows(entities: Entity[]): TaskLabelRow[] {
  return entities.flatMap((e) => [
    { task: 'entity', label: e.name, score: e.confidence },
    { task: 'main-role', label: e.mainRole, score: e.confidence },
    // "<main role>/<name>": ties an entity to its role so a corpus can be counted by who is cast as what.
    { task: 'entity-role', label: `${e.mainRole}/${e.name}`, score: e.confidence },
    ...e.fineRoles.map((r) => ({ task: 'fine-role', label: r.role, score: r.score })),
  ]);
}

/** The entities task: one model per language, models/entities/<LANG>.nscm. */
export const entitiesAnnotator: Task<EntityRoleModel, Entity[]> = {
  id: 'entities',
  requires: ['narratives'],
  languages: () => modelLanguages(entityModelDir()),
  model: (lang) => loadEntityModel(lang)!,
  version: (model) => versionTag(`${model.info.language}-${model.info.trainedAt.slice(0, 10)}`, model.digest),
  // The narratives layer feeds the stance features (absent when narratives did not run).
  annotate: (doc, model) => entitiesIn(docContext(doc, layerOf(doc, 'narratives')?.labels), doc.sentences, model, {}),
  facets: ENTITY_FACETS,
  labelRows,
  columns: ENTITY_COLUMNS,
  mergeParts: mergeEntities,
  commands: async () => (await import('./commands.js')).registerCommands,
  train: async () => (await import('./train.js')).trainEntityModel,
  score: async () => (await import('./score.js')).scoreSubtask1,
  io: { parse: async () => (await import('./io.js')).parseAnnotations, format: async () => (await import('./io.js')).formatAnnotation },
};

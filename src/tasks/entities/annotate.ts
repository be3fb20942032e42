/**
 * Entity framing of a free-text article: discover mentions, classify each in its context with the
 * language's model, and give each entity the roles its most telling mentions show (probabilities
 * averaged with weights favouring confident mentions), with the sentence that shows it best.
 */
import type { Doc } from '../../doc/doc.js';
import type { Span } from '../../doc/span.js';
import type { Annotator } from '../../pipeline.js';
import type { Analysis } from '../../schema.js';
import { articleContext } from './context.js';
import { buildGazetteer, discoverEntities, type Gazetteer } from './discover.js';
import type { EntityRoleModel } from './model.js';
import { narrativeLabels } from './stance.js';
import { loadEntityModel } from './store.js';
import { versionTag } from '../../learn/modelfile.js';

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
  const o = { ...DEFAULT_ANNOTATE_OPTIONS, ...options };
  let gaz = gazetteers.get(model);
  if (!gaz) {
    gaz = buildGazetteer(model.names);
    gazetteers.set(model, gaz);
  }
  const ctx = articleContext(raw, sentences, narratives);
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
      rank: e.mentions.length * (0.5 + decided.mainScore),
    });
  }
  return out
    .sort((a, b) => b.rank - a.rank)
    .slice(0, o.maxEntities)
    .map(({ rank: _rank, ...e }) => e);
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** The pipeline annotator: loads the model of the article's language on first use. */
export const entitiesAnnotator: Annotator = {
  name: 'entities',
  annotate(doc: Doc, analysis: Analysis): void {
    const lang = doc.language.code;
    let model: EntityRoleModel | null = null;
    try {
      model = lang && lang !== 'und' ? loadEntityModel(lang) : null;
    } catch (err) {
      analysis.notes.push(`entities: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (!model) {
      analysis.notes.push(`entities: no entity-role model for language "${lang}"`);
      return;
    }
    // The narratives annotator runs first: its labels feed the stance features.
    analysis.entities = annotateEntities(doc.article.raw, doc.sentences, model, {}, narrativeLabels(analysis.narratives));
    analysis.models.push({ task: 'entities', version: versionTag(`${model.info.language}-${model.info.trainedAt.slice(0, 10)}`, model.digest) });
  },
};

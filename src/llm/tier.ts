/**
 * The language-model tier over the fast tier's analyses (docs/llm.md): per article and task
 * (narratives, entities), a cached answer or a call to the provider within the run's budget, the
 * answer turned into the task's section with every label checked, and the accounting and any failure
 * written into the analysis. On any failure the article keeps its fast-tier labels.
 */
import pLimit from 'p-limit';
import type { Article } from '../doc/article.js';
import { TextView } from '../doc/view.js';
import type { Analysis } from '../schema.js';
import { narrativeModelFor } from '../tasks/narratives/annotate.js';
import type { Taxonomy } from '../tasks/narratives/taxonomy.js';
import { loadEntityModel } from '../tasks/entities/store.js';
import type { RoleTaxonomy } from '../tasks/entities/taxonomy.js';
import type { LlmCacheKey } from '../store/engine.js';
import type { AnswerCache, CachedAnswer } from './cache.js';
import { entitiesFromAnswer, entitiesRequest } from './entities.js';
import { narrativeCandidates, narrativesFromAnswer, narrativesRequest } from './narratives.js';
import { AnswerError, promptVersion, type ModelTier } from './prompts.js';
import { LlmError, type ChatRequest, type LlmProvider } from './provider.js';

/** The tasks the model tier can label. */
export const TIER_TASKS = ['narratives', 'entities'] as const;
export type TierTask = (typeof TIER_TASKS)[number];

/** At most this many articles sent to the model, or tokens spent, per run (cached answers are free). */
export interface Budget {
  articles?: number;
  tokens?: number;
}

export interface TierOptions {
  tier: ModelTier;
  provider: LlmProvider;
  cache: AnswerCache;
  budget?: Budget;
  tasks?: readonly TierTask[];
  /** Articles worked on at once (the provider limits its own calls too; default 2). */
  concurrency?: number;
  /** Called after each article, with the number done in this run. */
  onArticle?: (done: number) => void;
}

export interface TierItem {
  article: Article;
  analysis: Analysis;
}

/** What a run cost and did, for the summary line. */
export interface TierTotals {
  articles: number;
  /** Articles for which at least one call was made. */
  sent: number;
  /** Answers taken from the cache. */
  cached: number;
  failures: number;
  /** Articles left to the fast tier because the budget was spent. */
  overBudget: number;
  calls: number;
  promptTokens: number;
  completionTokens: number;
  ms: number;
}

/** A task's request for one article, and how its answer becomes the article's section. */
interface Prepared {
  request: ChatRequest;
  version: string;
  apply(json: unknown): string[];
}

type Entity = NonNullable<Analysis['entities']>[number];

/** Runs the model tier over batches of analysed articles (see the file comment). */
export class TierRunner {
  readonly totals: TierTotals = { articles: 0, sent: 0, cached: 0, failures: 0, overBudget: 0, calls: 0, promptTokens: 0, completionTokens: 0, ms: 0 };
  private readonly tasks: readonly TierTask[];
  private readonly limit: ReturnType<typeof pLimit>;

  constructor(private readonly options: TierOptions) {
    this.tasks = options.tasks ?? TIER_TASKS;
    this.limit = pLimit(options.concurrency ?? 2);
  }

  /** Labels the items' analyses (changed in place); never throws for a model's failure. */
  async apply(items: readonly TierItem[]): Promise<void> {
    await Promise.all(items.map((item) => this.limit(() => this.article(item))));
  }

  get tier(): ModelTier {
    return this.options.tier;
  }

  /** Closes the provider (a GGUF model frees its memory). */
  close(): Promise<void> {
    return this.options.provider.close();
  }

  /** The summary line: "llm tier (hybrid, http:m): 10 articles, 8 sent, 2 answers cached, 0 failed, 16 calls, 12345 + 678 tokens, 40.1 s". */
  describe(): string {
    const t = this.totals;
    return (
      `${this.options.tier} tier (${this.options.provider.modelId}): ${t.articles} article(s), ${t.sent} sent, ${t.cached} answer(s) cached, ` +
      `${t.failures} failed${t.overBudget ? `, ${t.overBudget} left to the fast tier (budget spent)` : ''}, ${t.calls} call(s), ` +
      `${t.promptTokens} + ${t.completionTokens} tokens, ${(t.ms / 1000).toFixed(1)} s`
    );
  }

  private async article(item: TierItem): Promise<void> {
    const { article, analysis } = item;
    const clean = new TextView(article.raw, analysis.cleaning.removed).text;
    let sent = false;
    let overBudget = false;
    if (clean.trim()) {
      for (const task of this.tasks) {
        const prepared = this.prepare(task, item, clean);
        if (!prepared) continue;
        const key: LlmCacheKey = { articleHash: article.hash, task, model: this.options.provider.modelId, promptVersion: prepared.version };
        let answer = await this.options.cache.get(key);
        const cached = answer !== undefined;
        if (!answer) {
          if (this.budgetSpent(sent)) {
            overBudget = true;
            continue;
          }
          if (!sent) this.started++;
          sent = true;
          answer = await this.call(task, prepared, key, analysis);
          if (!answer) continue;
        } else this.totals.cached++;
        this.record(task, prepared, answer, cached, analysis);
      }
    }
    if (sent) this.totals.sent++;
    if (overBudget) {
      this.totals.overBudget++;
      analysis.notes.push(`${this.options.tier} tier: not sent to the model, the run's budget was spent; the fast tier's labels are kept.`);
    }
    this.totals.articles++;
    this.options.onArticle?.(this.totals.articles);
  }

  /** Whether a new article may not be sent (an article already being sent finishes its tasks). */
  private budgetSpent(articleStarted: boolean): boolean {
    const b = this.options.budget ?? {};
    if (b.tokens !== undefined && this.totals.promptTokens + this.totals.completionTokens >= b.tokens) return true;
    return !articleStarted && b.articles !== undefined && this.started >= b.articles;
  }

  /** Articles that began to be sent, counted against the article budget before they finish. */
  private started = 0;

  /** Calls the provider and caches the answer; on failure, records it in the analysis and returns undefined. */
  private async call(task: TierTask, prepared: Prepared, key: LlmCacheKey, analysis: Analysis): Promise<CachedAnswer | undefined> {
    try {
      const r = await this.options.provider.chat(prepared.request);
      const answer: CachedAnswer = { json: r.json, usage: r.usage, ms: r.ms, calls: r.calls };
      await this.options.cache.put(key, answer);
      this.count(answer);
      return answer;
    } catch (err) {
      const calls = err instanceof LlmError ? err.calls : 1;
      this.totals.calls += calls;
      this.fail(task, prepared, analysis, err, { calls });
      return undefined;
    }
  }

  private count(answer: CachedAnswer): void {
    this.totals.calls += answer.calls;
    this.totals.promptTokens += answer.usage.promptTokens;
    this.totals.completionTokens += answer.usage.completionTokens;
    this.totals.ms += answer.ms;
  }

  /** Applies an answer (fresh or cached) and writes the task's accounting entry. */
  private record(task: TierTask, prepared: Prepared, answer: CachedAnswer, cached: boolean, analysis: Analysis): void {
    const cost = { promptTokens: answer.usage.promptTokens, completionTokens: answer.usage.completionTokens, ms: answer.ms, calls: cached ? 0 : answer.calls, cached };
    let dropped: string[];
    try {
      dropped = prepared.apply(answer.json);
    } catch (err) {
      return this.fail(task, prepared, analysis, err, cost);
    }
    analysis.models.push({ task, version: prepared.version, tier: this.options.tier, model: this.options.provider.modelId, ...cost });
    if (dropped.length) analysis.notes.push(`${task} (${this.options.tier} tier): labels the model gave outside the fast tier's candidates were left out: ${dropped.join('; ')}.`);
  }

  /** Names a failure in the analysis (note and accounting entry); the fast tier's section stays. */
  private fail(task: TierTask, prepared: Prepared, analysis: Analysis, err: unknown, cost: Partial<NonNullable<Analysis['models'][number]>>): void {
    this.totals.failures++;
    const error = errorText(err);
    analysis.models.push({ task, version: prepared.version, tier: this.options.tier, model: this.options.provider.modelId, ...cost, error });
    analysis.notes.push(`${task} (${this.options.tier} tier, ${this.options.provider.modelId}): ${error}; the fast tier's labels are kept.`);
  }

  private prepare(task: TierTask, item: TierItem, clean: string): Prepared | undefined {
    return task === 'narratives' ? this.prepareNarratives(item, clean) : this.prepareEntities(item, clean);
  }

  private prepareNarratives({ article, analysis }: TierItem, clean: string): Prepared | undefined {
    const { tier, provider } = this.options;
    const lang = analysis.language.code;
    const fastModel = narrativeModelFor(lang);
    const taxonomy: Taxonomy | undefined = (fastModel ?? narrativeModelFor('en'))?.meta.taxonomy;
    if (!taxonomy) return undefined;
    if (tier === 'hybrid' && !fastModel) {
      analysis.notes.push(`narratives (hybrid tier): no fast-tier model for language "${lang}" to propose candidates; not sent.`);
      return undefined;
    }
    const candidates = tier === 'hybrid' ? narrativeCandidates(fastModel!, clean, analysis.narratives) : null;
    return {
      request: narrativesRequest(clean, taxonomy, candidates),
      // Hybrid candidates come from the fast model: its version is part of the key.
      version: promptVersion('narratives', tier, tier === 'hybrid' ? fastVersion(analysis, 'narratives') : undefined),
      apply: (json) => {
        const { section, dropped } = narrativesFromAnswer(json, article.raw, taxonomy, candidates, { tier, model: provider.modelId });
        analysis.narratives = section;
        return dropped;
      },
    };
  }

  private prepareEntities({ article, analysis }: TierItem, clean: string): Prepared | undefined {
    const { tier, provider } = this.options;
    const entities: readonly Entity[] = analysis.entities ?? [];
    if (entities.length === 0) return undefined;
    const taxonomy: RoleTaxonomy | undefined = (loadEntityModel(analysis.language.code) ?? loadEntityModel('en'))?.taxonomy;
    if (!taxonomy) return undefined;
    return {
      request: entitiesRequest(clean, entities, taxonomy, tier === 'hybrid'),
      // The request lists the fast tier's entities in both tiers: their model is part of the key.
      version: promptVersion('entities', tier, fastVersion(analysis, 'entities')),
      apply: (json) => {
        analysis.entities = entitiesFromAnswer(json, article.raw, entities, taxonomy, { tier, model: provider.modelId });
        return [];
      },
    };
  }
}

/** The fast model's version recorded for a task (the first entry, before any model-tier entry). */
function fastVersion(analysis: Analysis, task: string): string | undefined {
  return analysis.models.find((m) => m.task === task && m.tier === undefined)?.version;
}

/** A failure in words, with its kind: "timeout: …", "outside-taxonomy: …", "malformed: …". */
function errorText(err: unknown): string {
  if (err instanceof LlmError || err instanceof AnswerError) return `${err.kind}: ${err.message}`;
  // An answer whose shape the provider let through but the task cannot read.
  if (err instanceof TypeError) return `malformed: the answer cannot be read (${err.message})`;
  return `error: ${err instanceof Error ? err.message : String(err)}`;
}

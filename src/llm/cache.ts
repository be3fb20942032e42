/**
 * The language-model answer cache: an answer received is kept by (article hash, task, model id, prompt
 * version) at once, so a rerun, a `reanalyze --tier llm` or a run resumed after a crash never pays for
 * it twice. The store's llm_cache table when there is a store; a map for one `analyze` run.
 */
import type { LlmCacheKey, StorageEngine } from '../store/engine.js';
import type { ChatUsage } from './provider.js';

/** What is kept of an answer: the parsed JSON and what it cost when it was made. */
export interface CachedAnswer {
  json: unknown;
  usage: ChatUsage;
  ms: number;
  calls: number;
}

export interface AnswerCache {
  get(key: LlmCacheKey): Promise<CachedAnswer | undefined>;
  /** Resolves once the answer is kept (in the store: committed). */
  put(key: LlmCacheKey, answer: CachedAnswer): Promise<void>;
}

/** The store's cache. A row that is not an answer (edited by hand) counts as a miss. */
export function storeCache(store: Pick<StorageEngine, 'getLlmAnswer' | 'putLlmAnswer'>): AnswerCache {
  return {
    async get(key) {
      const text = await store.getLlmAnswer(key);
      if (text === undefined) return undefined;
      try {
        const a = JSON.parse(text) as CachedAnswer;
        return a && typeof a === 'object' && 'json' in a && a.usage ? a : undefined;
      } catch {
        return undefined;
      }
    },
    put: (key, answer) => store.putLlmAnswer(key, JSON.stringify(answer)),
  };
}

/** A cache for one process (analyze without a store). */
export function memoryCache(): AnswerCache {
  const map = new Map<string, CachedAnswer>();
  const id = (k: LlmCacheKey) => [k.articleHash, k.task, k.model, k.promptVersion].join('\u0000');
  return { get: async (k) => map.get(id(k)), put: async (k, a) => void map.set(id(k), a) };
}

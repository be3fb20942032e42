/**
 * The language-model tier's command-line options (`--tier`, `--provider`, `--budget-articles`,
 * `--budget-tokens`) and the one way a command opens the tier: nothing is loaded for the fast tier,
 * so a run without a model is exactly what it was (docs/llm.md).
 */
import { Option, type Command } from 'commander';
import type { AnswerCache } from '../llm/cache.js';
import type { LlmProvider } from '../llm/provider.js';
import type { TierRunner, TierTask } from '../llm/tier.js';
import { resolveTier, TIERS } from '../llm/tiers.js';
import { positiveInt } from './shared.js';

export interface TierCliOptions {
  tier?: string;
  provider?: string;
  budgetArticles?: number;
  budgetTokens?: number;
}

/** Adds the tier options to a command. */
export function tierOptions(command: Command): Command {
  return command
    .addOption(new Option('--tier <tier>', 'fast (the default: no language model), llm (the model alone) or hybrid (the model decides among the fast tier\'s candidates); also NARRASCOPE_TIER').choices(TIERS))
    .option('--provider <kind>', 'the language-model provider for --tier llm|hybrid: http or gguf (default: the configured one; docs/llm.md)')
    .option('--budget-articles <n>', 'send at most this many articles to the model in this run (cached answers are free)', positiveInt('--budget-articles'))
    .option('--budget-tokens <n>', 'stop sending articles once this many tokens were spent in this run', positiveInt('--budget-tokens'));
}

/**
 * Whether the run may use a model tier, decided without loading anything: --tier or NARRASCOPE_TIER
 * other than fast, or a config file that may name a tier. False means the fast tier, for certain.
 */
export function mayUseModelTier(o: TierCliOptions, env: NodeJS.ProcessEnv = process.env): boolean {
  if (o.tier !== undefined) return o.tier !== 'fast';
  if (env.NARRASCOPE_TIER) return env.NARRASCOPE_TIER !== 'fast';
  return Boolean(env.NARRASCOPE_LLM_CONFIG);
}

/** The configured provider (src/llm/config.ts: --provider, NARRASCOPE_LLM_* variables, a config file); loaded only for a model tier. */
async function configuredProvider(kind: string | undefined): Promise<LlmProvider> {
  const { createProvider } = await import('../llm/config.js');
  return createProvider({ provider: kind });
}

/**
 * The tier runner for a command's options, or undefined for the fast tier. Says on stderr (`log`)
 * which model is used and when article text leaves this machine.
 */
export async function openTier(
  o: TierCliOptions,
  cache: () => AnswerCache,
  log: (line: string) => void,
  extra: { tasks?: readonly TierTask[]; onArticle?: (done: number) => void } = {},
): Promise<TierRunner | undefined> {
  const { configuredTier } = await import('../llm/config.js');
  // --tier, else NARRASCOPE_TIER, else the config file's "tier" (NARRASCOPE_LLM_CONFIG), else fast.
  const tier = resolveTier(o.tier, process.env, o.tier === undefined && !process.env.NARRASCOPE_TIER ? configuredTier() : undefined);
  if (tier === 'fast') {
    if (o.provider || o.budgetArticles || o.budgetTokens) log('narrascope: --provider and --budget-* apply to --tier llm|hybrid only; the fast tier runs');
    return undefined;
  }
  const provider = await configuredProvider(o.provider);
  const { TierRunner } = await import('../llm/tier.js');
  log(`${tier} tier: ${provider.modelId}${provider.remote ? ' — article text is sent to a remote endpoint, off this machine' : ' (on this machine)'}`);
  return new TierRunner({
    tier,
    provider,
    cache: cache(),
    budget: { articles: o.budgetArticles, tokens: o.budgetTokens },
    ...(extra.tasks ? { tasks: extra.tasks } : {}),
    ...(extra.onArticle ? { onArticle: extra.onArticle } : {}),
  });
}

/** Prints the run's tier summary and closes its provider. */
export async function closeTier(runner: TierRunner | undefined, log: (line: string) => void): Promise<void> {
  if (!runner) return;
  log(runner.describe());
  await runner.close();
}

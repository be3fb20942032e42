/**
 * The tiers and how a run's tier is chosen, in a module that imports nothing: the fast tier's commands
 * read it without loading any of the language-model code.
 */
export const TIERS = ['fast', 'llm', 'hybrid'] as const;
export type Tier = (typeof TIERS)[number];

/** The tier of a run: `--tier`, else NARRASCOPE_TIER, else the config file's, else fast. Throws naming where a bad value came from. */
export function resolveTier(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, configured?: string): Tier {
  const [value, from] = flag !== undefined ? [flag, '--tier'] : env.NARRASCOPE_TIER ? [env.NARRASCOPE_TIER, 'NARRASCOPE_TIER'] : configured ? [configured, 'the config file\'s "tier"'] : ['fast', ''];
  if (!(TIERS as readonly string[]).includes(value)) throw new Error(`${from}: unknown tier "${value}" (expected ${TIERS.join(', ')})`);
  return value as Tier;
}

/**
 * The prompts of the language-model tier (docs/llm.md, "Prompt design"): one system message per task,
 * the article as a delimited block, the labels to choose from, and the prompt version that keys the
 * cache. Changing any wording here must bump PROMPT_REVISION, or cached answers to the old wording
 * would be reused.
 */

/** Bumped whenever a prompt's wording or an answer schema changes. */
export const PROMPT_REVISION = 1;

/** Articles are cut to this many characters before they are sent (long texts cost tokens, not accuracy). */
export const MAX_ARTICLE_CHARS = 12_000;

/** Most words an explanation of the dominant narrative may have (SemEval-2025 subtask 3). */
export const MAX_EXPLANATION_WORDS = 80;

export type ModelTier = 'llm' | 'hybrid';

/**
 * The version a cached answer was made under: task, tier and revision, and the version of the fast
 * model whose output the prompt carries (the hybrid tier's candidates, the entities listed), if any.
 */
export function promptVersion(task: string, tier: ModelTier, fastVersion?: string): string {
  return `${task}-${tier}-p${PROMPT_REVISION}${fastVersion ? `+${fastVersion}` : ''}`;
}

/** The article as the model reads it: the clean text between markers, cut at MAX_ARTICLE_CHARS. */
export function articleBlock(cleanText: string): string {
  const cut = cleanText.length > MAX_ARTICLE_CHARS;
  const body = cut ? `${cleanText.slice(0, MAX_ARTICLE_CHARS)}\n[… the rest of the article is left out]` : cleanText;
  return `<article>\n${body}\n</article>`;
}

const QUOTE_RULES =
  'Every label you give must come with one to three evidence quotes: short passages (a clause or a sentence) copied ' +
  'character for character from the article. Do not paraphrase, translate, shorten with ellipses or join passages: a quote ' +
  'that is not found verbatim in the article is discarded, and a label without a found quote is marked unverified.';

export const NARRATIVES_SYSTEM =
  'You analyse news articles for propaganda narratives, using a fixed two-level taxonomy with two domains: URW (the war in ' +
  'Ukraine) and CC (climate change). Decide hierarchically. First the domain of the article: URW, CC, or none. Then, within ' +
  'that domain only, the narratives the article actively promotes (not ones it merely reports or refutes); an article may carry ' +
  'several or none. Then, for each narrative chosen, its sub-narratives; when none of its sub-narratives fits, give none. ' +
  'Use the labels exactly as listed. Finally name the dominant narrative and sub-narrative (the one the article pushes most) and ' +
  `explain in at most ${MAX_EXPLANATION_WORDS} words, in English and in your own words, why the article carries it. When the ` +
  `article promotes no narrative, answer with an empty list and the dominant narrative "Other". ${QUOTE_RULES}`;

export const ENTITIES_SYSTEM =
  'You analyse how a news article casts the entities (people, countries, organisations) it names. For each entity listed, ' +
  'decide its main role in the article\'s framing: Protagonist (portrayed positively, as a hero or defender), Antagonist ' +
  '(portrayed as a wrongdoer or threat) or Innocent (portrayed as a victim or bystander); then one or more fine roles of that ' +
  'main role, from the list given. Judge the article\'s framing, not your own view. Answer for the entities listed only, ' +
  `using their names exactly as listed and the roles exactly as listed. ${QUOTE_RULES}`;

/** A JSON Schema array of strings. */
const strings = { type: 'array', items: { type: 'string' } } as const;

/** The narratives answer: domain, then narratives with their sub-narratives nested (the hierarchy), then the dominant one. */
export const NARRATIVES_ANSWER_SCHEMA = {
  type: 'object',
  properties: {
    domain: { type: 'string', enum: ['URW', 'CC', 'none'] },
    narratives: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          narrative: { type: 'string' },
          quotes: strings,
          subNarratives: {
            type: 'array',
            items: { type: 'object', properties: { subNarrative: { type: 'string' }, quotes: strings }, required: ['subNarrative', 'quotes'], additionalProperties: false },
          },
        },
        required: ['narrative', 'quotes', 'subNarratives'],
        additionalProperties: false,
      },
    },
    dominant: {
      type: 'object',
      properties: { narrative: { type: 'string' }, subNarrative: { type: 'string' }, explanation: { type: 'string' }, quotes: strings },
      required: ['narrative', 'subNarrative', 'explanation', 'quotes'],
      additionalProperties: false,
    },
  },
  required: ['domain', 'narratives', 'dominant'],
  additionalProperties: false,
} as const;

export const ENTITIES_ANSWER_SCHEMA = {
  type: 'object',
  properties: {
    entities: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, mainRole: { type: 'string', enum: ['Protagonist', 'Antagonist', 'Innocent'] }, fineRoles: strings, quotes: strings },
        required: ['name', 'mainRole', 'fineRoles', 'quotes'],
        additionalProperties: false,
      },
    },
  },
  required: ['entities'],
  additionalProperties: false,
} as const;

/** A bulleted list, one item a line, indented by `depth`. */
export function bullets(items: readonly string[], depth = 0): string {
  const pad = '  '.repeat(depth);
  return items.map((s) => `${pad}- ${s}`).join('\n');
}

/**
 * An answer that does not fit the task: labels outside the taxonomy, names not asked about, a broken
 * hierarchy. Named in the analysis like a provider's LlmError; the fast tier's labels are kept.
 */
export class AnswerError extends Error {
  constructor(
    readonly kind: 'outside-taxonomy' | 'unknown-entity',
    message: string,
  ) {
    super(message);
    this.name = 'AnswerError';
  }
}

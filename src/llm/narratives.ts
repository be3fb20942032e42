/**
 * Narratives through a language model: the request (the taxonomy, or in the hybrid tier the fast tier's
 * candidates, listed domain → narrative → sub-narrative) and the Narratives section built from the
 * answer, every label checked against the taxonomy and its quotes against the article.
 */
import type { NarrativeModel } from '../tasks/narratives/model.js';
import { byScore, subNarrativeName } from '../tasks/narratives/label-names.js';
import { OTHER, domainOf, isOtherSub, otherSubOf, parentOf, type Taxonomy } from '../tasks/narratives/taxonomy.js';
import type { Narratives } from '../schema.js';
import { roundTo } from '../util/round.js';
import type { ChatRequest } from './provider.js';
import { AnswerError, articleBlock, bullets, MAX_EXPLANATION_WORDS, NARRATIVES_ANSWER_SCHEMA, NARRATIVES_SYSTEM, type ModelTier } from './prompts.js';
import { QuoteIndex } from './quotes.js';

/** How many narratives, and sub-narratives under them, the hybrid tier offers the model. */
export const CANDIDATE_NARRATIVES = 5;
export const CANDIDATE_SUBS = 8;

export interface NarrativeCandidates {
  /** The fast tier's domain ("URW", "CC", "none"), or null when undecided. */
  domain: string | null;
  narratives: { label: string; score: number }[];
  subNarratives: { label: string; narrative: string; score: number }[];
}

/**
 * The fast tier's proposals for an article: its top narratives by calibrated probability (the ones it
 * chose always among them) and the likeliest specific sub-narratives under those.
 */
export function narrativeCandidates(model: NarrativeModel, cleanText: string, fast: Narratives | undefined): NarrativeCandidates {
  const q = model.calibrated(model.probabilities(model.vectorize(cleanText)));
  const { domains, narratives, subNarratives, parent } = model.labels;
  const D = domains.length;
  const N = narratives.length;
  const chosen = new Set((fast?.narratives ?? []).map((n) => n.label));
  const ranked = narratives
    .map((label, n) => ({ label, score: roundTo(q[D + n], 4) }))
    .filter((c) => c.label !== OTHER)
    .sort((a, b) => Number(chosen.has(b.label)) - Number(chosen.has(a.label)) || byScore(a, b))
    .slice(0, Math.max(CANDIDATE_NARRATIVES, chosen.size));
  const offered = new Set(ranked.map((c) => c.label));
  const subs = subNarratives
    .map((label, s) => ({ label, narrative: narratives[parent[s]], score: roundTo(q[D + N + s], 4) }))
    .filter((s) => offered.has(s.narrative) && !isOtherSub(s.label))
    .sort(byScore)
    .slice(0, CANDIDATE_SUBS);
  return { domain: fast?.domain?.label ?? null, narratives: ranked, subNarratives: subs };
}

/** The taxonomy as the llm tier lists it: each domain, its narratives, and their specific sub-narratives. */
function taxonomyListing(taxonomy: Taxonomy): string {
  const subsOf = (n: string) => taxonomy.subNarratives.filter((s) => !isOtherSub(s) && parentOf(s, taxonomy.narratives) === n);
  return (['URW', 'CC'] as const)
    .map((d) => {
      const ns = taxonomy.narratives.filter((n) => domainOf(n) === d);
      return `Domain ${d}:\n${ns.map((n) => `${bullets([n], 1)}\n${bullets(subsOf(n).map((s) => subNarrativeName(n, s)), 2)}`).join('\n')}`;
    })
    .join('\n\n');
}

/** The hybrid tier's listing: the fast tier's domain, then its candidates with their probabilities. */
function candidateListing(c: NarrativeCandidates): string {
  const lines = c.narratives.map((n) => {
    const subs = c.subNarratives.filter((s) => s.narrative === n.label).map((s) => `${subNarrativeName(n.label, s.label)} (${s.score.toFixed(2)})`);
    return `${bullets([`${n.label} (${n.score.toFixed(2)})`], 1)}${subs.length ? `\n${bullets(subs, 2)}` : ''}`;
  });
  return `A fast classifier suggests the domain ${c.domain ?? 'undecided'} and these candidates, with its probabilities ` +
    `(choose among them only; they may all be wrong, in which case choose none):\n${lines.join('\n')}`;
}

/** The chat request for an article's narratives: the taxonomy (llm) or the fast tier's candidates (hybrid). */
export function narrativesRequest(cleanText: string, taxonomy: Taxonomy, candidates: NarrativeCandidates | null): ChatRequest {
  const labels = candidates ? candidateListing(candidates) : `The taxonomy (sub-narratives indented under their narrative):\n${taxonomyListing(taxonomy)}`;
  return {
    messages: [
      { role: 'system', content: NARRATIVES_SYSTEM },
      { role: 'user', content: `${labels}\n\nGive sub-narratives by their name as listed (or as the full label).\n\n${articleBlock(cleanText)}` },
    ],
    schema: NARRATIVES_ANSWER_SCHEMA as unknown as Record<string, unknown>,
    schemaName: 'narratives',
    temperature: 0,
    maxTokens: 1200,
  };
}

interface NarrativeAnswer {
  domain: string;
  narratives: { narrative: string; quotes: string[]; subNarratives: { subNarrative: string; quotes: string[] }[] }[];
  dominant: { narrative: string; subNarrative: string; explanation: string; quotes: string[] };
}

/** Who answered: written on every label. */
export interface AnswerSource {
  tier: ModelTier;
  model: string;
}

/** A label as listed (exactly, else ignoring case and spacing), or undefined. */
function resolve(given: string, labels: readonly string[]): string | undefined {
  const g = given.trim();
  if (labels.includes(g)) return g;
  const fold = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
  return labels.find((l) => fold(l) === fold(g));
}

/** A sub-narrative given under `narrative`: its full label, null for the catch-all, undefined when unknown. */
function resolveSub(given: string, narrative: string, taxonomy: Taxonomy): string | null | undefined {
  const g = given.trim();
  if (g === '' || g === OTHER || isOtherSub(g)) return null;
  return resolve(g, taxonomy.subNarratives) ?? resolve(`${narrative}: ${g}`, taxonomy.subNarratives);
}

/** The explanation cut to MAX_EXPLANATION_WORDS words. */
function capWords(text: string): string {
  const words = text.trim().split(/\s+/).filter(Boolean);
  return words.length <= MAX_EXPLANATION_WORDS ? words.join(' ') : `${words.slice(0, MAX_EXPLANATION_WORDS).join(' ')} …`;
}

/**
 * The Narratives section of a model's answer. Throws AnswerError naming the labels outside the
 * taxonomy (or a sub-narrative under the wrong narrative); in the hybrid tier, labels of the taxonomy
 * that were not offered are dropped and listed in `dropped`.
 */
export function narrativesFromAnswer(
  json: unknown,
  raw: string,
  taxonomy: Taxonomy,
  candidates: NarrativeCandidates | null,
  source: AnswerSource,
): { section: Narratives; dropped: string[] } {
  const answer = json as NarrativeAnswer;
  const quotes = new QuoteIndex(raw);
  const outside: string[] = [];
  const dropped: string[] = [];
  const offered = candidates ? new Set([...candidates.narratives.map((n) => n.label), ...candidates.subNarratives.map((s) => s.label)]) : null;
  const known = taxonomy.narratives.filter((n) => n !== OTHER);
  const narratives: Narratives['narratives'] = [];
  const subNarratives: Narratives['subNarratives'] = [];
  const semevalSubs: string[] = [];
  const labelled = (label: string, given: string[]) => {
    const { verified } = quotes.check(given);
    return { label, score: 1, evidence: verified, tier: source.tier, model: source.model, verified: verified.length > 0 };
  };
  for (const item of answer.narratives) {
    if (item.narrative.trim() === OTHER) continue;
    const narrative = resolve(item.narrative, known);
    if (!narrative) {
      outside.push(`narrative "${item.narrative}"`);
      continue;
    }
    if (offered && !offered.has(narrative)) {
      dropped.push(narrative);
      continue;
    }
    if (narratives.some((n) => n.label === narrative)) continue;
    narratives.push(labelled(narrative, item.quotes));
    let specific = 0;
    for (const s of item.subNarratives) {
      const sub = resolveSub(s.subNarrative, narrative, taxonomy);
      if (sub === null) continue;
      if (sub === undefined) outside.push(`sub-narrative "${s.subNarrative}" (under "${narrative}")`);
      else if (parentOf(sub, taxonomy.narratives) !== narrative) outside.push(`sub-narrative "${sub}" under "${narrative}", which is not its narrative`);
      else if (offered && !offered.has(sub)) dropped.push(sub);
      else if (!subNarratives.some((x) => x.label === sub)) {
        subNarratives.push({ ...labelled(sub, s.quotes), narrative });
        semevalSubs.push(sub);
        specific++;
      }
    }
    if (specific === 0) semevalSubs.push(otherSubOf(narrative));
  }
  if (outside.length) throw new AnswerError('outside-taxonomy', `labels outside the taxonomy: ${outside.join('; ')}`);
  const domainLabel = domainFrom(answer.domain, narratives.map((n) => n.label));
  return {
    section: {
      status: 'ok',
      model: source.model,
      domain: domainLabel ? { label: domainLabel, score: 1 } : null,
      narratives,
      subNarratives,
      semeval: narratives.length
        ? { narratives: narratives.map((n) => n.label), subNarratives: semevalSubs }
        : { narratives: [OTHER], subNarratives: [OTHER] },
      dominant: dominantFrom(answer.dominant, narratives, subNarratives, taxonomy, quotes, source),
    },
    dropped,
  };
}

/** The domain: the model's, unless the narratives it chose say otherwise. */
function domainFrom(given: string, narratives: readonly string[]): 'URW' | 'CC' | 'none' | null {
  const of = new Set(narratives.map(domainOf).filter(Boolean));
  if (of.size === 1) return [...of][0]!;
  return given === 'URW' || given === 'CC' || given === 'none' ? given : null;
}

/** The dominant narrative, when the model names one of the narratives it chose. */
function dominantFrom(
  d: NarrativeAnswer['dominant'],
  narratives: Narratives['narratives'],
  subs: Narratives['subNarratives'],
  taxonomy: Taxonomy,
  quotes: QuoteIndex,
  source: AnswerSource,
): Narratives['dominant'] {
  const narrative = resolve(d.narrative, narratives.map((n) => n.label));
  if (!narrative) return null;
  const sub = resolveSub(d.subNarrative, narrative, taxonomy);
  const subLabel = sub && subs.some((s) => s.label === sub) ? sub : otherSubOf(narrative);
  const { verified } = quotes.check(d.quotes);
  return {
    narrative,
    subNarrative: subLabel,
    explanation: capWords(d.explanation),
    evidence: verified.map(({ start, end }) => ({ start, end })),
    tier: source.tier,
    model: source.model,
    verified: verified.length > 0,
  };
}

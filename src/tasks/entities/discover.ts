/**
 * Mention discovery for free text, where no mentions are given: gazetteer matches (curated names
 * and aliases in data/curated-entities.json, plus the entity names of the training mentions stored
 * in the model) and runs of capitalised words (proper-noun heuristic, for Latin and Cyrillic
 * scripts), then variants merged into one entity per article: aliases go to their canonical name,
 * a shorter name whose words end a longer one ("Putin" in "Vladimir Putin") joins it, and
 * inflected forms meet through their stems. A possessive "'s" is left out of a mention
 * ("Zelensky's aides" → "Zelensky"); a nationality adjective before a common noun ("Russian
 * positions") and a lone metaphor ("the Horde") are not entities (lists in data/name-filters.json).
 */
import type { Span } from '../../doc/span.js';
import type { ArticleContext, Token } from './context.js';
import { entityKeys } from './entity-key.js';
import curated from './data/curated-entities.json' with { type: 'json' };
import stopwordList from './data/stopwords.json' with { type: 'json' };
import nameFilters from './data/name-filters.json' with { type: 'json' };
import { partitionPoint } from '../../util/bisect.js';

const STOPWORDS = new Set(stopwordList.words);
const TITLES = new Set(stopwordList.titles);
const DEMONYMS = new Set(Object.keys(nameFilters.demonyms));
const METAPHORS = new Set(nameFilters.metaphors);
const POSSESSIVE = /['’]s$/iu;

/** A name without its possessive ending: "Zelensky's" → "Zelensky". */
export function stripPossessive(name: string): string {
  return name.replace(POSSESSIVE, '');
}

/** Tokens with a possessive "'s" cut off (token and end offset), marked so a name stops there. */
interface NameToken extends Token {
  possessive: boolean;
}

function nameTokens(tokens: readonly Token[]): NameToken[] {
  const out = new Array<NameToken>(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    // Cheap check of the last letter before the regex: this runs for every token of every article.
    const last = t.token.charCodeAt(t.token.length - 1);
    out[i] =
      (last === 115 || last === 83) && t.token.length > 2 && POSSESSIVE.test(t.token)
        ? { token: t.token.slice(0, -2), start: t.start, end: t.end - 2, possessive: true }
        : { token: t.token, start: t.start, end: t.end, possessive: false };
  }
  return out;
}
/** Lower-case words allowed inside a capitalised name ("Bank of England", "Casa da Moeda"). */
const CONNECTORS = new Set(['of', 'for', 'de', 'da', 'do', 'dos', 'das', 'von', 'der', 'van', 'al', 'la', 'le']);
const MAX_NAME_WORDS = 5;

export interface FoundMention {
  /** UTF-16 span into raw, end exclusive. */
  span: Span;
  text: string;
  /** How it was found. */
  source: 'curated' | 'gazetteer' | 'capitalised';
}

export interface FoundEntity {
  name: string;
  kind?: string;
  mentions: FoundMention[];
  /** True when the name is in the curated list or the training gazetteer. */
  known: boolean;
}

interface GazEntry {
  canonical: string;
  kind?: string;
  source: 'curated' | 'gazetteer';
  /** The form is an acronym: one of up to three letters ("WHO", "US") matches only in capitals, not "Who" or "Us". */
  acronym?: boolean;
}

/** One word of two or more letters, all capitals ("WHO", "NATO", "ЗСУ"). */
const isAcronym = (surface: string): boolean => /^\p{Lu}{2,}$/u.test(surface.trim());

/** A lookup of lower-cased token sequences → entry, with the longest name length. */
export class Gazetteer {
  private readonly entries = new Map<string, GazEntry>();
  /** Every word prefix of an entry ("vladimir", "vladimir putin"): matching stops at the first miss. */
  private readonly prefixes = new Set<string>();
  maxWords = 1;

  add(surface: string, entry: GazEntry): void {
    const words = entityKeys(surface).full;
    if (!words || this.entries.has(words)) return;
    this.entries.set(words, entry);
    const parts = words.split(' ');
    this.maxWords = Math.min(MAX_NAME_WORDS + 2, Math.max(this.maxWords, parts.length));
    for (let n = 1; n <= Math.min(parts.length, this.maxWords); n++) this.prefixes.add(parts.slice(0, n).join(' '));
  }

  /** True when some entry starts with these words. */
  hasPrefix(words: string): boolean {
    return this.prefixes.has(words);
  }

  get(words: string): GazEntry | undefined {
    return this.entries.get(words);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The curated list plus `names` (surface forms of training mentions, most frequent first). */
export function buildGazetteer(names: readonly string[] = []): Gazetteer {
  const g = new Gazetteer();
  for (const e of curated.entities) {
    for (const form of [e.name, ...e.aliases]) g.add(form, { canonical: e.name, kind: e.kind, source: 'curated', ...(isAcronym(form) ? { acronym: true } : {}) });
  }
  for (const n of names) {
    // Single lower-case common words from training mentions ("they", "government") are too loose to match anywhere.
    const name = stripPossessive(n);
    if (name.length < 2 || (!/\p{Lu}/u.test(name) && !/[\u0900-\u097F]/u.test(name))) continue;
    g.add(name, { canonical: name, source: 'gazetteer', ...(isAcronym(name) ? { acronym: true } : {}) });
  }
  return g;
}

/** True when the token's first letter is upper case (ASCII tested directly, the rest by regex). */
function isCapitalised(raw: string, t: Token): boolean {
  const c = raw.charCodeAt(t.start);
  if (c < 128) return c >= 65 && c <= 90;
  return /^\p{Lu}/u.test(raw.slice(t.start, t.start + 2));
}

/**
 * Membership test for positions in a list of spans: binary search when the spans are sorted and
 * disjoint (sentences are), a scan otherwise. A scan per token was quadratic in long articles.
 */
function spanTest(spans: readonly Span[] | undefined): (pos: number) => boolean {
  if (!spans) return () => true;
  let sorted = true;
  for (let k = 1; k < spans.length && sorted; k++) sorted = spans[k].start >= spans[k - 1].end;
  if (!sorted) return (pos) => spans.some((s) => pos >= s.start && pos < s.end);
  return (pos) => {
    const at = partitionPoint(spans.length, (i) => spans[i].start <= pos) - 1;
    return at >= 0 && pos < spans[at].end;
  };
}

function atSentenceStart(raw: string, tokens: readonly Token[], i: number): boolean {
  return i === 0 || /[.!?\n]["'“”»)]?\s*$/.test(raw.slice(Math.max(0, tokens[i].start - 5), tokens[i].start));
}

/** Words the article writes in lower case somewhere (cached on the context). */
function lowerCaseWords(ctx: ArticleContext): Set<string> {
  let out = ctx.cache.get('lower-words') as Set<string> | undefined;
  if (!out) {
    out = new Set();
    for (const t of ctx.tokens) if (/^\p{Ll}/u.test(ctx.raw.slice(t.start, t.end))) out.add(t.token);
    ctx.cache.set('lower-words', out);
  }
  return out;
}

/** The longest gazetteer entry starting at token i, if any. */
function gazetteerMatchAt(raw: string, tokens: readonly NameToken[], gaz: Gazetteer, i: number): { words: number; entry: GazEntry } | null {
  let best: { words: number; entry: GazEntry } | null = null;
  let words = '';
  for (let n = 1; n <= Math.min(gaz.maxWords, tokens.length - i); n++) {
    words = n === 1 ? tokens[i].token : `${words} ${tokens[i + n - 1].token}`;
    if (!gaz.hasPrefix(words)) break;
    const e = gaz.get(words);
    // A lower-case single word matches only when the list has it that way (Hindi has no case).
    if (e && !(n === 1 && /\p{Ll}/u.test(raw[tokens[i].start]) && /\p{Lu}/u.test(e.canonical)) && !(n === 1 && e.acronym && !acronymMatches(raw, tokens, i))) best = { words: n, entry: e };
    // A possessive ends a name: "Putin's Kremlin" is not one name.
    if (tokens[i + n - 1].possessive) break;
  }
  return best;
}

/** Whether token i may stand for an acronym entry (GazEntry.acronym): longer ones match in any case ("Nato"). */
function acronymMatches(raw: string, tokens: readonly NameToken[], i: number): boolean {
  const text = raw.slice(tokens[i].start, tokens[i].end);
  return text.length > 3 || isAcronym(text);
}

type Candidate = FoundMention & { canonical: string; kind?: string };

/** True when token i is followed, in the same sentence, by a lower-case word ("Russian positions"). */
function beforeCommonNoun(raw: string, tokens: readonly NameToken[], i: number): boolean {
  const next = tokens[i + 1];
  if (!next || tokens[i].possessive) return false;
  return /^[ \t\u00a0-]+$/.test(raw.slice(tokens[i].end, next.start)) && /^\p{Ll}/u.test(raw.slice(next.start, next.end));
}

/** A one-word candidate that describes or labels rather than names: a demonym before a noun, a lone metaphor. */
function notAName(raw: string, tokens: readonly NameToken[], i: number): boolean {
  const w = tokens[i].token;
  return (DEMONYMS.has(w) && beforeCommonNoun(raw, tokens, i)) || METAPHORS.has(w);
}

/** Finds candidate mentions in an article. `within` limits them to these raw spans (e.g. clean sentences). */
export function findMentions(ctx: ArticleContext, gaz: Gazetteer, within?: readonly Span[]): Candidate[] {
  const { raw } = ctx;
  const tokens = nameTokens(ctx.tokens);
  const inWithin = spanTest(within);
  const out: Candidate[] = [];
  // Lone capitalised words at a sentence start: names only if the article names them elsewhere.
  const pending: Candidate[] = [];
  const push = (list: Candidate[], s: number, e: number, source: FoundMention['source'], canonical?: string, kind?: string) => {
    const span = { start: tokens[s].start, end: tokens[e - 1].end };
    const text = raw.slice(span.start, span.end);
    list.push({ span, text, source, canonical: canonical ?? text, ...(kind ? { kind } : {}) });
  };
  let i = 0;
  while (i < tokens.length) {
    if (!inWithin(tokens[i].start)) {
      i++;
      continue;
    }
    // Longest gazetteer match first.
    const hit = gazetteerMatchAt(raw, tokens, gaz, i);
    if (hit) {
      if (!(hit.words === 1 && notAName(raw, tokens, i))) push(out, i, i + hit.words, hit.entry.source, hit.entry.canonical, hit.entry.kind);
      i += hit.words;
      continue;
    }
    // A run of capitalised words, allowing connectors inside; a possessive ends it.
    if (isCapitalised(raw, tokens[i])) {
      let j = i + 1;
      while (j < tokens.length && j - i < MAX_NAME_WORDS && !tokens[j - 1].possessive) {
        const gap = raw.slice(tokens[j - 1].end, tokens[j].start);
        if (/[\n.,;:!?()"“”«»]/.test(gap)) break;
        // A known name inside the run starts its own mention ("Later Varnok" → "Varnok").
        if (gazetteerMatchAt(raw, tokens, gaz, j)) break;
        if (isCapitalised(raw, tokens[j])) j++;
        else if (CONNECTORS.has(tokens[j].token) && j + 1 < tokens.length && isCapitalised(raw, tokens[j + 1])) j += 2;
        else break;
      }
      let s = i;
      while (s < j && (STOPWORDS.has(tokens[s].token) || TITLES.has(tokens[s].token))) s++;
      // A sentence-initial word that the article also writes in lower case is an ordinary word ("Later").
      if (s < j && s === i && atSentenceStart(raw, tokens, s) && lowerCaseWords(ctx).has(tokens[s].token)) s++;
      let e = j;
      while (e > s && (STOPWORDS.has(tokens[e - 1].token) || CONNECTORS.has(tokens[e - 1].token))) e--;
      const allCaps = (t: Token) => raw.slice(t.start, t.end) === raw.slice(t.start, t.end).toUpperCase();
      if (e - s === 1 && (notAName(raw, tokens, s) || (tokens[s].token.length < 2 && !allCaps(tokens[s])))) {
        // not a name
      } else if (e - s === 1 && atSentenceStart(raw, tokens, s)) {
        push(pending, s, e, 'capitalised');
      } else if (e > s) {
        push(out, s, e, 'capitalised');
      }
      i = j;
      continue;
    }
    i++;
  }
  // A lone sentence-initial word counts when it is also a word of a name found elsewhere ("Kessler" after "Anna Kessler").
  if (pending.length > 0) {
    const nameWords = new Set(out.flatMap((m) => entityKeys(m.canonical).full.split(' ')));
    for (const p of pending) if (nameWords.has(entityKeys(p.text).full)) out.push(p);
    out.sort((x, y) => x.span.start - y.span.start);
  }
  return out;
}

/** Merges mentions into entities: same canonical name, same stem key, or a name ending a longer one. */
export function mergeMentions(mentions: readonly Candidate[]): FoundEntity[] {
  const groups: { name: string; kind?: string; known: boolean; keys: Set<string>; words: string[]; mentions: FoundMention[] }[] = [];
  // Longest names first, so short variants find the full name to join.
  const order = [...mentions].sort((a, b) => b.canonical.length - a.canonical.length);
  const byKey = new Map<string, (typeof groups)[number]>();
  for (const m of order) {
    const key = entityKeys(m.canonical).stem;
    if (!key) continue;
    let g = byKey.get(key);
    if (!g && m.source === 'capitalised') {
      const words = key.split(' ');
      // "Putin" joins "Vladimir Putin"; only when exactly one longer name ends with these words.
      const cands = groups.filter((x) => x.words.length > words.length && words.every((w, k) => x.words[x.words.length - words.length + k] === w));
      if (cands.length === 1) g = cands[0];
    }
    if (!g) {
      g = { name: m.canonical, kind: m.kind, known: m.source !== 'capitalised', keys: new Set(), words: key.split(' '), mentions: [] };
      groups.push(g);
    }
    g.keys.add(key);
    byKey.set(key, g);
    g.known ||= m.source !== 'capitalised';
    g.mentions.push({ span: m.span, text: m.text, source: m.source });
  }
  return groups
    .map((g) => ({ name: g.name, ...(g.kind ? { kind: g.kind } : {}), known: g.known, mentions: g.mentions.sort((a, b) => a.span.start - b.span.start) }))
    .sort((a, b) => a.mentions[0].span.start - b.mentions[0].span.start);
}

/**
 * The entities `annotateEntities` goes on to classify: mentions found within `within` (all the text
 * when empty), merged, and kept when the name is known or has at least `minMentionsUnknown` mentions.
 */
export function discoverEntities(ctx: ArticleContext, gaz: Gazetteer, within: readonly Span[], minMentionsUnknown: number): FoundEntity[] {
  return mergeMentions(findMentions(ctx, gaz, within.length ? within : undefined)).filter((e) => e.known || e.mentions.length >= minMentionsUnknown);
}

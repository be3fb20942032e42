/**
 * Mention discovery for free text, where no mentions are given: gazetteer matches (curated names
 * and aliases in data/curated-entities.json, plus the entity names of the training mentions stored
 * in the model) and runs of capitalised words (proper-noun heuristic, for Latin and Cyrillic
 * scripts), then variants merged into one entity per article: aliases go to their canonical name,
 * a shorter name whose words end a longer one ("Putin" in "Vladimir Putin") joins it, and
 * inflected forms meet through their stems.
 */
import type { Span } from '../../doc/span.js';
import type { ArticleContext, Token } from './context.js';
import { entityKeys } from './entity-key.js';
import curated from './data/curated-entities.json' with { type: 'json' };
import stopwordList from './data/stopwords.json' with { type: 'json' };

const STOPWORDS = new Set(stopwordList.words);
const TITLES = new Set(stopwordList.titles);
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
}

/** A lookup of lower-cased token sequences → entry, with the longest name length. */
export class Gazetteer {
  private readonly entries = new Map<string, GazEntry>();
  maxWords = 1;

  add(surface: string, entry: GazEntry): void {
    const words = entityKeys(surface).full;
    if (!words || this.entries.has(words)) return;
    this.entries.set(words, entry);
    this.maxWords = Math.min(MAX_NAME_WORDS + 2, Math.max(this.maxWords, words.split(' ').length));
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
    g.add(e.name, { canonical: e.name, kind: e.kind, source: 'curated' });
    for (const a of e.aliases) g.add(a, { canonical: e.name, kind: e.kind, source: 'curated' });
  }
  for (const n of names) {
    // Single lower-case common words from training mentions ("they", "government") are too loose to match anywhere.
    if (n.length < 2 || (!/\p{Lu}/u.test(n) && !/[\u0900-\u097F]/u.test(n))) continue;
    g.add(n, { canonical: n, source: 'gazetteer' });
  }
  return g;
}

const isCapitalised = (raw: string, t: Token) => /^\p{Lu}/u.test(raw.slice(t.start, t.end));

function inSpans(spans: readonly Span[] | undefined, pos: number): boolean {
  if (!spans) return true;
  for (const s of spans) if (pos >= s.start && pos < s.end) return true;
  return false;
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
function gazetteerMatchAt(ctx: ArticleContext, gaz: Gazetteer, i: number): { words: number; entry: GazEntry } | null {
  const { raw, tokens } = ctx;
  for (let n = Math.min(gaz.maxWords, tokens.length - i); n >= 1; n--) {
    const e = gaz.get(tokens.slice(i, i + n).map((t) => t.token).join(' '));
    if (!e) continue;
    // A lower-case single word matches only when the list has it that way (Hindi has no case).
    if (n === 1 && /\p{Ll}/u.test(raw[tokens[i].start]) && /\p{Lu}/u.test(e.canonical)) continue;
    return { words: n, entry: e };
  }
  return null;
}

/** Finds candidate mentions in an article. `within` limits them to these raw spans (e.g. clean sentences). */
export function findMentions(ctx: ArticleContext, gaz: Gazetteer, within?: readonly Span[]): (FoundMention & { canonical: string; kind?: string })[] {
  const { raw, tokens } = ctx;
  const out: (FoundMention & { canonical: string; kind?: string })[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (!inSpans(within, tokens[i].start)) {
      i++;
      continue;
    }
    // Longest gazetteer match first.
    const hit = gazetteerMatchAt(ctx, gaz, i);
    let matched = 0;
    if (hit) {
      const span = { start: tokens[i].start, end: tokens[i + hit.words - 1].end };
      out.push({ span, text: raw.slice(span.start, span.end), source: hit.entry.source, canonical: hit.entry.canonical, kind: hit.entry.kind });
      matched = hit.words;
    }
    if (matched) {
      i += matched;
      continue;
    }
    // A run of capitalised words, allowing connectors inside.
    if (isCapitalised(raw, tokens[i])) {
      let j = i + 1;
      while (j < tokens.length && j - i < MAX_NAME_WORDS) {
        const gap = raw.slice(tokens[j - 1].end, tokens[j].start);
        if (/[\n.,;:!?()"“”«»]/.test(gap)) break;
        // A known name inside the run starts its own mention ("Later Varnok" → "Varnok").
        if (gazetteerMatchAt(ctx, gaz, j)) break;
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
      const sentenceStart = atSentenceStart(raw, tokens, s);
      // A lone capitalised word at a sentence start is usually just the first word.
      const ok = e > s && !(e - s === 1 && sentenceStart) && !(e - s === 1 && tokens[s].token.length < 2 && !allCaps(tokens[s]));
      if (ok) {
        const span = { start: tokens[s].start, end: tokens[e - 1].end };
        const text = raw.slice(span.start, span.end);
        out.push({ span, text, source: 'capitalised', canonical: text });
      }
      i = j;
      continue;
    }
    i++;
  }
  return out;
}

/** Merges mentions into entities: same canonical name, same stem key, or a name ending a longer one. */
export function mergeMentions(mentions: readonly (FoundMention & { canonical: string; kind?: string })[]): FoundEntity[] {
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

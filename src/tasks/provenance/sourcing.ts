/**
 * Sourcing: who a text says its claims come from (lists in sourcing.json). Anonymous or unverifiable
 * attributions ("sources say", "it is claimed", "reportedly") and named ones (a speech verb after or
 * before a source, "according to" before one), as spans of the text with the cue that matched, and a
 * one-line summary.
 */
import type { Sourcing, SourcingSpan } from '../../schema.js';
import lists from './sourcing.json' with { type: 'json' };
import { escapeRegExp, findAll, normalisePhrase, phraseOf, phraseRegExp } from './phrases.js';
import { partitionPoint } from '../../util/bisect.js';
import { roundTo } from '../../util/round.js';

interface SourcingList {
  anonymous: string[];
  hedges: string[];
  accordingTo: string[];
  auxiliaries: string[];
  speechVerbs: string[];
  determiners: string[];
  institutions: string[];
  notSources: string[];
}

/** A span found in one text, in that text's offsets. */
export type SourcingHit = Omit<SourcingSpan, 'start' | 'end'> & { start: number; end: number };

const LISTS = lists as unknown as Record<string, SourcingList | string>;
export const SOURCING_LANGUAGES: readonly string[] = Object.keys(LISTS).filter((k) => typeof LISTS[k] === 'object');

const ANONYMOUS_CONFIDENCE = 0.8;
const HEDGE_CONFIDENCE = 0.6;
const NAMED_CONFIDENCE = 0.75;

/** A capitalised word, hyphens and apostrophes inside ("Al-Assad", "O'Brien"). */
const CAP = "\\p{Lu}[\\p{L}\\p{M}]*(?:[-'’]\\p{L}[\\p{L}\\p{M}]*)*";
/** Lower-case words allowed between the capitalised words of one name. */
const CONNECTORS = ['of', 'the', 'for', 'de', 'du', 'des', 'von', 'der', 'di', 'del', 'della', 'da', 'do', 'dos', 'das', 'la', 'le', 'al'];
const NAME = `${CAP}(?:\\s+(?:(?:${CONNECTORS.join('|')})\\s+)?${CAP}){0,4}`;
/** What may sit just before a verb that opens an inverted attribution ('"…," said Peskov'). */
const INVERSION_BEFORE = '(?<=[,"”»“«:—–]\\s*)';

/** One letter as a class of both its cases (the lists are written in lower case; a source may open a sentence or be capitalised). */
function eitherCase(ch: string): string {
  const lower = ch.toLowerCase();
  const upper = ch.toUpperCase();
  return lower === upper ? escapeRegExp(ch) : `[${lower}${upper}]`;
}

/** A word list as an alternation matching either case, longest first; inner spaces match any whitespace. */
function alternation(words: readonly string[]): string {
  return [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => [...w].map((ch) => (ch === ' ' ? '\\s+' : eitherCase(ch))).join(''))
    .join('|');
}

interface Compiled {
  list: SourcingList;
  anonymous: RegExp;
  hedges: RegExp;
  named: RegExp;
  /** The speech verbs and "according to" phrases alone: where a named attribution may be. */
  cues: RegExp;
  /** Words that open a capitalised run but name no one, with the determiners, lower-cased. */
  skip: ReadonlySet<string>;
}

const compiled = new Map<string, Compiled>();

/** The named-attribution expression: source + verb, "said" + source after a quote or comma, "according to" + source. */
function namedRegExp(l: SourcingList): RegExp {
  const det = l.determiners.length ? `(?:(?:${alternation(l.determiners)})\\s*)?` : '';
  const institution = `${det}(?:[\\p{L}-]+\\s+)?(?:${alternation(l.institutions)})`;
  const source = `(?:${institution}|${det}${NAME})`;
  const verb = `(?:${alternation(l.speechVerbs)})`;
  const aux = l.auxiliaries.length ? `(?:(?:${l.auxiliaries.map(escapeRegExp).join('|')})\\s+){0,2}` : '';
  const wordEnd = '(?![\\p{L}\\p{N}])';
  const wordStart = '(?<![\\p{L}\\p{N}])';
  const before = `(?<sb>${source})\\s+${aux}(?<vb>${verb})${wordEnd}`;
  const after = `${INVERSION_BEFORE}(?<va>${verb})\\s+(?<sa>${source})${wordEnd}`;
  const according = `(?<ac>${alternation(l.accordingTo)})\\s+(?<sc>${source})${wordEnd}`;
  return new RegExp(`${wordStart}(?:${before}|${after}|${according})`, 'gu');
}

function compiledFor(lang: string): Compiled | undefined {
  const list = LISTS[lang];
  if (typeof list !== 'object') return undefined;
  let c = compiled.get(lang);
  if (!c) {
    c = { list, anonymous: phraseRegExp(list.anonymous), hedges: phraseRegExp(list.hedges), named: namedRegExp(list), cues: phraseRegExp([...list.speechVerbs, ...list.accordingTo]), skip: new Set([...list.notSources, ...list.determiners].map((w) => w.toLowerCase())) };
    compiled.set(lang, c);
  }
  return c;
}

/** The source without leading words that name no one ("But", "The"); empty when nothing is left. */
function trimSource(source: string, skip: ReadonlySet<string>): { text: string; cut: number } {
  const words = source.split(/(\s+)/);
  let cut = 0;
  let i = 0;
  while (i < words.length && (skip.has(words[i].toLowerCase()) || /^\s+$/.test(words[i]))) cut += words[i++].length;
  return { text: words.slice(i).join(''), cut };
}

/** Whether `a` overlaps one of `spans`, which are sorted and do not overlap each other (so their ends are sorted too). */
function overlaps(a: { start: number; end: number }, spans: readonly { start: number; end: number }[]): boolean {
  const i = partitionPoint(spans.length, (k) => spans[k].end <= a.start);
  return i < spans.length && spans[i].start < a.end;
}

/** The anonymous attributions and hedges of `text` (anonymous phrases win where a hedge overlaps them). */
function anonymousHits(text: string, c: Compiled): SourcingHit[] {
  const strong = findAll(c.anonymous, text).map((m) => ({ ...m, kind: 'anonymous' as const, cue: phraseOf(c.list.anonymous, m.text) ?? m.text.toLowerCase(), confidence: ANONYMOUS_CONFIDENCE }));
  const hedges = findAll(c.hedges, text)
    .filter((m) => !overlaps(m, strong))
    .map((m) => ({ ...m, kind: 'anonymous' as const, cue: phraseOf(c.list.hedges, m.text) ?? m.text.toLowerCase(), confidence: HEDGE_CONFIDENCE }));
  return [...strong, ...hedges].sort((a, b) => a.start - b.start);
}

/** How far from a cue a named attribution may reach: a few names' worth of words. */
const WINDOW = 160;

/**
 * The stretches around the cues of `text`, each cut at sentence ends and line breaks (an attribution
 * crosses neither) and merged where they meet. The named expression is costly on long runs of
 * capitalised words, so it runs only there.
 */
function cueWindows(text: string, c: Compiled): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const cue of findAll(c.cues, text)) {
    let start = Math.max(0, cue.start - WINDOW);
    const before = text.slice(start, cue.start);
    const cut = Math.max(before.lastIndexOf('\n'), before.search(/[.!?…]\s+[^.!?…]*$/u));
    if (cut >= 0) start += cut + 1;
    let end = Math.min(text.length, cue.end + WINDOW);
    const after = text.slice(cue.end, end).search(/\n|[.!?…](?=\s|$)/u);
    if (after >= 0) end = cue.end + after;
    const last = out[out.length - 1];
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else out.push({ start, end });
  }
  return out;
}

/** The named attributions of `text`, leaving out those that overlap an anonymous one. */
function namedHits(text: string, c: Compiled, anonymous: readonly SourcingHit[]): SourcingHit[] {
  const out: SourcingHit[] = [];
  for (const w of cueWindows(text, c)) for (const hit of namedIn(text.slice(w.start, w.end), w.start, c)) if (!overlaps(hit, anonymous)) out.push(hit);
  return out;
}

/** The named attributions in one window of the text (`offset`: where it starts). */
function namedIn(text: string, offset: number, c: Compiled): SourcingHit[] {
  const out: SourcingHit[] = [];
  c.named.lastIndex = 0;
  for (let m = c.named.exec(text); m; m = c.named.exec(text)) {
    const g = m.groups!;
    const rawSource = g.sb ?? g.sa ?? g.sc;
    const cue = g.vb ?? g.va ?? g.ac;
    const { text: source, cut } = trimSource(rawSource, c.skip);
    if (!source || c.list.notSources.includes(source.toLowerCase())) continue;
    // A source before its verb is cut from the left; after the cue, the span ends at the source.
    const start = g.sb !== undefined ? m.index + cut : m.index;
    const end = m.index + m[0].length;
    out.push({ start: offset + start, end: offset + end, text: text.slice(start, end), kind: 'named', cue: normalisePhrase(cue), source, confidence: NAMED_CONFIDENCE });
  }
  return out;
}

/** The attributions of `text` in language `lang`, in text order (none when the language has no list). */
export function findAttributions(text: string, lang: string): SourcingHit[] {
  const c = compiledFor(lang);
  if (!c) return [];
  const anonymous = anonymousHits(text, c);
  return [...anonymous, ...namedHits(text, c, anonymous)].sort((a, b) => a.start - b.start || a.end - b.end);
}

/** The sourcing section from its spans: counts, the anonymous share and the summary line. */
export function summariseSourcing(spans: readonly SourcingSpan[]): Sourcing {
  const anonymous = spans.filter((s) => s.kind === 'anonymous').length;
  const named = spans.length - anonymous;
  const total = anonymous + named;
  const summary =
    total === 0
      ? 'no attributions found'
      : `${anonymous} of ${total} attribution${total === 1 ? ' is' : 's are'} anonymous${named > 0 ? `, ${named} named` : ''}`;
  return { spans: [...spans], anonymous, named, anonymousShare: total === 0 ? 0 : roundTo(anonymous / total, 3), summary };
}

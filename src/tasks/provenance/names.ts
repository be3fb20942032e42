/**
 * Entity near-misses: capitalised words that are not a known name but miss one by an edit or two, or
 * fold to one under transliteration (fold.ts): "Bahmuth" for Bakhmut, "Khersoni" for Kherson. Known
 * names are the curated entity list (given by the registry), the places and per-language spellings of
 * known-names.json and any names the caller adds (e.g. the corpus's frequent names); the rules that
 * keep real words and inflected names from firing are in name-rules.json.
 */
import { boundedDistance } from './distance.js';
import { foldName, plainName, scriptOf, type Script } from './fold.js';
import knownNames from './known-names.json' with { type: 'json' };
import rules from './name-rules.json' with { type: 'json' };

/** An entry of the curated entity list (src/tasks/entities/data/curated-entities.json): a name and its aliases. */
export interface KnownEntity {
  name: string;
  kind?: string;
  aliases?: readonly string[];
}

/** One near-miss, in offsets of the text it was found in. */
export interface NearMiss {
  start: number;
  end: number;
  text: string;
  expected: string;
  reason: string;
  confidence: number;
}

/** A spelling a word may be a near-miss of. */
interface Target {
  form: string;
  fold: string;
  script: Script;
  /** The languages whose usual spelling it is (empty: a name of the curated list or a default spelling). */
  languages: readonly string[];
  /** Only a transliteration fold counts, no edits: country names, whose derived words are many ("Frankish", "Francine"). */
  foldOnly: boolean;
}

const MIN_LENGTH = rules.minLength;
/** A word a letter or two off a name must be at least this long (five-letter words are too often other words: "Frank", "Being"). */
const MIN_EDITED_LENGTH = rules.minEditedLength;
/** A word opening a sentence must be at least this long to count even when it folds like a name ("Wynika", a verb, folds like "Winnica"). */
const MIN_START_LENGTH = rules.minStartLength;
/** Each language's endings as the words they are matched on are written: lower case, without diacritics. */
const SUFFIXES: Record<string, string[]> = Object.fromEntries(
  Object.entries(rules.suffixes as Record<string, string[]>).map(([lang, list]) => [lang, [...new Set(list.map((x) => plainName(x, scriptOf(x) ?? 'latin')))]]),
);
const FEMALE = (rules.femaleForms as [string, string][]).map(([m, f]) => [plainName(m), plainName(f)]);
const EXACT_ONLY = new Set(rules.exactOnly.map((w) => plainName(w)));
const FINAL_VOWELS = ['a', 'e', 'o', 'i', 'y', 'а', 'я', 'о', 'е', 'и'];
const VOWELS = new Set('aeiouyаеиоуыэюяёъ');
/** A name-like word: letters only, a capital first and no capital after it (acronyms and "McCain"-like names are left alone). */
const NAME_WORD = /^\p{Lu}[\p{Ll}\p{M}]+$/u;

/** The edits a known name of this folded length may be missed by: long names two, middle ones one, short ones none. */
export function editLimit(length: number): number {
  if (length >= 9) return 2;
  if (length >= 6) return 1;
  return 0;
}

/** The known names in a lookup: every accepted spelling, and the targets by fold and by first folded letter. */
/** Most answers NameIndex keeps per lookup kind before starting afresh. */
const MAX_CACHED = 50_000;

export class NameIndex {
  private readonly accepted = new Set<string>();
  private readonly byFold = new Map<string, Target[]>();
  private readonly byFirst = new Map<string, Target[]>();
  /** nearest's answers by script, language and fold (emptied when MAX_CACHED is reached). */
  private readonly nearestCache = new Map<string, { target: Target; distance: number } | undefined>();
  /** isAccepted's answers by language and word (emptied when a spelling is accepted, or at MAX_CACHED). */
  private readonly acceptedCache = new Map<string, Map<string, boolean>>();

  constructor(entities: readonly KnownEntity[] = [], extra: readonly string[] = []) {
    for (const w of rules.commonWords) this.accept(w);
    for (const e of knownNames.names as { name: string; forms: Record<string, string[]>; accepted?: string[] }[]) {
      for (const [lang, forms] of Object.entries(e.forms)) for (const f of forms) this.addTarget(f, lang === '*' ? [] : [lang]);
      for (const a of e.accepted ?? []) this.accept(a);
    }
    for (const e of entities) this.addEntity(e);
    for (const name of extra) this.addName(name);
  }

  private accept(form: string): void {
    this.acceptedCache.clear();
    for (const w of form.split(/[\s'’.-]+/)) if (w) this.accepted.add(plainName(w));
  }

  private addTarget(form: string, languages: readonly string[], foldOnly = false): void {
    this.nearestCache.clear(); // a new target can change an answer kept
    this.accept(form);
    const script = scriptOf(form);
    if (!script || !NAME_WORD.test(form) || form.length < MIN_LENGTH || EXACT_ONLY.has(plainName(form, script))) return;
    const target: Target = { form, fold: foldName(form, script), script, languages, foldOnly };
    push(this.byFold, target.fold, target);
    push(this.byFirst, target.fold.charAt(0), target);
  }

  /**
   * A curated entity: every word of its names is accepted; its one-word names and a person's surname
   * are targets. A person's name is written alike in every language; the list's other names
   * (countries, bodies) carry English and a few Portuguese forms, while other languages have spellings
   * of their own ("Italia", "Polonia"), so those are targets in English text only.
   */
  private addEntity(e: KnownEntity): void {
    const languages = e.kind === 'person' ? [] : ['en'];
    for (const name of [e.name, ...(e.aliases ?? [])]) {
      this.accept(name);
      const words = name.split(/\s+/);
      if (words.length === 1) this.addTarget(name, languages, e.kind === 'country');
      else if (e.kind === 'person' && name === e.name) this.addTarget(words[words.length - 1], []);
    }
  }

  /**
   * A name given by the caller: every word is accepted, and its last word is a target (a surname, or
   * a one-word name); the other words of a longer name are often ordinary ones ("Defence Ministry").
   */
  addName(name: string): void {
    this.accept(name);
    const words = name.trim().split(/\s+/);
    this.addTarget(words[words.length - 1], []);
  }

  /**
   * Whether the word, lower-cased, is a known spelling as written or with one of the language's
   * endings. Diacritics are ignored: "Zelenskí" or "Bialorus" is a writer's or keyboard's choice,
   * not translation damage, and inflection moves them ("Białoruś" → "Białorusi").
   */
  isAccepted(word: string, lang: string): boolean {
    // Asked for every capitalised word of every article, and pure: its answers are kept per language.
    let answers = this.acceptedCache.get(lang);
    if (!answers) this.acceptedCache.set(lang, (answers = new Map()));
    let answer = answers.get(word);
    if (answer === undefined) {
      if (answers.size >= MAX_CACHED) answers.clear();
      answer = this.isAcceptedUncached(word, lang);
      answers.set(word, answer);
    }
    return answer;
  }

  private isAcceptedUncached(word: string, lang: string): boolean {
    const lower = plainName(word);
    if (this.accepted.has(lower)) return true;
    for (const s of SUFFIXES[lang] ?? []) {
      if (!lower.endsWith(s) || lower.length - s.length < 3) continue;
      const stem = lower.slice(0, -s.length);
      if (this.accepted.has(stem) || FINAL_VOWELS.some((v) => this.accepted.has(stem + v))) return true;
    }
    return FEMALE.some(([m, f]) => lower.endsWith(f) && this.accepted.has(lower.slice(0, lower.length - f.length) + m));
  }

  /** Targets whose spelling folds exactly as the word does, among those of the language. */
  sameFold(fold: string, script: Script, lang: string): Target[] {
    return (this.byFold.get(fold) ?? []).filter((t) => t.script === script && isTargetIn(t, lang));
  }

  /**
   * The nearest target of the language within the edit limit of the shorter of the two (a leftover
   * ending on a short name counts as one edit), with the distance.
   */
  nearest(fold: string, script: Script, lang: string): { target: Target; distance: number } | undefined {
    // The same unknown capitalised words recur across a corpus; the search over targets is pure, so its answer is kept.
    const key = `${script}\u0000${lang}\u0000${fold}`;
    if (this.nearestCache.has(key)) return this.nearestCache.get(key);
    if (this.nearestCache.size >= MAX_CACHED) this.nearestCache.clear();
    const best = this.searchNearest(fold, script, lang);
    this.nearestCache.set(key, best);
    return best;
  }

  private searchNearest(fold: string, script: Script, lang: string): { target: Target; distance: number } | undefined {
    let best: { target: Target; distance: number } | undefined;
    for (const t of this.byFirst.get(fold.charAt(0)) ?? []) {
      if (t.script !== script || t.foldOnly || !isTargetIn(t, lang)) continue;
      const limit = editLimit(Math.min(fold.length, t.fold.length)) || (fold.length === t.fold.length + 1 && fold.startsWith(t.fold) ? 1 : 0);
      if (limit === 0) continue;
      const d = boundedDistance(fold, t.fold, limit);
      if (d <= limit && d > 0 && !isConsonantSwap(fold, t.fold) && (!best || d < best.distance)) best = { target: t, distance: d };
    }
    return best;
  }
}

/**
 * Whether a word of language `lang` may be measured against the target: the language's own spellings,
 * the default ones and the curated names. Another language's spelling is accepted where it is met
 * ("Russland" in an English text is no damage) but nothing is a near-miss of it ("Ruslan").
 */
function isTargetIn(t: Target, lang: string): boolean {
  return t.languages.length === 0 || t.languages.includes(lang);
}

/**
 * Whether two spellings of one length under eight letters differ in one consonant only ("Petkov",
 * "Peskov"): most such pairs are two real names, while translation damage adds, drops, swaps or
 * changes vowels and transliterates (which folding catches).
 */
function isConsonantSwap(a: string, b: string): boolean {
  if (a.length !== b.length || a.length >= 8) return false;
  const diff = [...a].flatMap((ch, i) => (ch === b[i] ? [] : [i]));
  return diff.length === 1 && !VOWELS.has(a[diff[0]]) && !VOWELS.has(b[diff[0]]);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The target written as the language writes it, when one of them is. */
function preferred(targets: readonly Target[], lang: string): Target {
  return targets.find((t) => t.languages.includes(lang)) ?? targets.find((t) => t.languages.length === 0) ?? targets[0];
}

/** A word of the text that may be a name: its offsets and whether it opens a sentence (a capital there proves nothing). */
interface WordAt {
  start: number;
  end: number;
  text: string;
  sentenceStart: boolean;
}

const LETTERS = /[\p{L}\p{M}]+/gu;
/** One letter or mark at lastIndex (sticky: tested in place, no string made). */
const LETTER = /[\p{L}\p{M}]/uy;
/**
 * A whole run of letters that is a NAME_WORD. Only these are looked at, so the scan makes no object
 * for the many other words of a text (this task runs on every article at ingest, where its garbage
 * costs as much as its work).
 */
const NAME_RUN = /(?<![\p{L}\p{M}])\p{Lu}[\p{Ll}\p{M}]+(?![\p{L}\p{M}])/gu;

/** Where the first word of each sentence, line, and text after a colon ("Note: Being …") starts: a capital there proves nothing. */
function openingWords(text: string, sentenceStarts: readonly number[]): Set<number> {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) lineStarts.push(i + 1);
  const starts = new Set<number>();
  const re = new RegExp(LETTERS.source, 'gu');
  for (const s of [...sentenceStarts, ...lineStarts]) {
    re.lastIndex = s;
    const m = re.exec(text);
    if (m) starts.add(m.index);
  }
  return starts;
}

/**
 * The near-misses among the words of `text` (in language `lang`; `sentenceStarts`: offsets where its
 * sentences start). A word is left alone when it is a known spelling (with the language's endings), a
 * listed common word, occurs in lower case in the same text (then it is an ordinary word) or opens a
 * run of capitalised words (another name). At a sentence start only a transliteration fold counts,
 * since any word is capitalised there.
 */
export function findNearMisses(text: string, sentenceStarts: readonly number[], index: NameIndex, lang: string): NearMiss[] {
  const opening = openingWords(text, sentenceStarts);
  const out: NearMiss[] = [];
  const re = new RegExp(NAME_RUN.source, 'gu');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const w: WordAt = { start: m.index, end: m.index + m[0].length, text: m[0], sentenceStart: opening.has(m.index) };
    if (w.text.length < MIN_LENGTH || startsLongerName(text, w.end, opening)) continue;
    if (occursInLowerCase(text, w.text) || index.isAccepted(w.text, lang)) continue;
    const miss = nearMiss(w, index, lang);
    if (miss) out.push(miss);
  }
  return out;
}

/** The near-miss a name-like word is, if any: a transliteration fold of a target, else a target an edit or two away. */
function nearMiss(w: WordAt, index: NameIndex, lang: string): NearMiss | undefined {
  const script = scriptOf(w.text);
  if (!script) return undefined;
  const fold = foldName(w.text, script);
  const same = index.sameFold(fold, script, lang);
  // At a sentence start a short word folding like a name is more often a word ("Being", "Beijing").
  if (same.length > 0 && (!w.sentenceStart || w.text.length >= MIN_START_LENGTH)) {
    const t = preferred(same, lang);
    return { ...span(w), expected: t.form, reason: `spelled as a transliteration variant of "${t.form}" not in use`, confidence: 0.85 };
  }
  if (w.sentenceStart || w.text.length < MIN_EDITED_LENGTH) return undefined;
  const near = index.nearest(fold, script, lang);
  if (!near) return undefined;
  const { target, distance } = near;
  const edits = distance === 1 ? 'one letter' : `${distance} letters`;
  return { ...span(w), expected: target.form, reason: `${edits} off the known name "${target.form}"`, confidence: distance === 1 ? 0.7 : 0.55 };
}

/**
 * Whether the word ending at `end` is the first of a run of capitalised words ("Frank Osterby",
 * "Sierra Hall"): a name of its own that merely starts like a known one. The next word must follow
 * after spaces or tabs only and not open a sentence.
 */
function startsLongerName(text: string, end: number, opening: ReadonlySet<number>): boolean {
  let k = end;
  while (k < text.length && (text[k] === ' ' || text[k] === '\t')) k++;
  if (k === end || opening.has(k)) return false;
  const next = new RegExp(LETTERS.source, 'uy');
  next.lastIndex = k;
  const m = next.exec(text);
  return m !== null && NAME_WORD.test(m[0]);
}

/** Whether the word's lower-case form is itself a word of the text (a whole run of letters): then it is an ordinary word. */
function occursInLowerCase(text: string, word: string): boolean {
  const lower = word.toLowerCase();
  if (lower !== lower.toLowerCase() || NAME_WORD.test(lower)) return false;
  for (let i = text.indexOf(lower); i >= 0; i = text.indexOf(lower, i + 1)) {
    if (!isLetterBefore(text, i) && !isLetterAt(text, i + lower.length)) return true;
  }
  return false;
}

function isLetterAt(text: string, i: number): boolean {
  LETTER.lastIndex = i;
  return LETTER.test(text);
}

/** Whether the character ending just before `i` (a surrogate pair counted whole) is a letter or mark. */
function isLetterBefore(text: string, i: number): boolean {
  if (i === 0) return false;
  const pair = i >= 2 && isSurrogate(text.charCodeAt(i - 1), 0xdc00) && isSurrogate(text.charCodeAt(i - 2), 0xd800);
  return isLetterAt(text, pair ? i - 2 : i - 1);
}

const isSurrogate = (code: number, base: number) => code >= base && code < base + 0x400;

function span(w: WordAt): { start: number; end: number; text: string } {
  return { start: w.start, end: w.end, text: w.text };
}

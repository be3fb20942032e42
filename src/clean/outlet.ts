/**
 * Turns the words that follow a provenance marker ("… was first published on Flag And Cross.") into
 * an outlet name: trailing punctuation, dates, "with permission" tails and channel words are cut,
 * multiword names are kept. Returns undefined when what is left does not look like a name.
 */
import data from './outlet.json' with { type: 'json' };

const TAIL_CUTS = data.tailCuts.map((p) => new RegExp(p, 'iu'));
const LEAD_CUTS = data.leadCuts.map((p) => new RegExp(p, 'iu'));
const NOT_OUTLETS = new Set(data.notOutlets.map((w) => w.toLowerCase()));
const QUOTED = /["«»\u201C\u201D]([^"«»\u201C\u201D]{2,80})["«»\u201C\u201D]/u;
const EDGE_PUNCT = /^[\s"'«»\u201C\u201D\u2018\u2019([*]+|[\s"'«»\u201C\u201D\u2018\u2019)\].,;:!?…*\-–—]+$/gu;
const STARTS_LIKE_NAME = /^(?:the )?[\p{Lu}\p{Lo}\p{N}]|^(?:www\.|https?:\/\/)|^[a-z0-9-]+\.[a-z]{2,}/u;
const URL = /^(?:https?:\/\/)?(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})(?:[/?#]\S*)?$/iu;
/** A year or a date is what follows "first published in" in prose, never a name. */
const DATE_START = /^(?:\d{1,4}(?!\p{L})|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)/iu;

export interface OutletOptions {
  /** Accept a single lower-case word ("byoblu") — only after a marker strong enough to vouch for it. */
  lowercaseOk?: boolean;
  /**
   * The words must read as a name, not a clause: at most one lower-case word besides joining words
   * ("Sample Times of India", "Example Agency feed", but not "Officials said the bridge would open").
   * For markers as weak as "Source:" or "Via", whose outlet runs to the end of the sentence.
   */
  nameOnly?: boolean;
}

const JOINING_WORDS = new Set(data.joiningWords);
/** Counts the words that start with a lower-case letter and are not joining words. */
function lowercaseWords(name: string): number {
  return name.split(/\s+/).filter((w) => /^\p{Ll}/u.test(w) && !JOINING_WORDS.has(w)).length;
}

/** Extracts a clean outlet name from the text after a marker, or undefined when there is none. */
export function cleanOutletName(candidate: string, options: OutletOptions = {}): string | undefined {
  let s = candidate.trim();
  // A link names its site: keep the host. A bare "Pravda.Ru" is a name and keeps its spelling.
  const url = /^(?:https?:\/\/|www\.)|\//u.test(s) ? URL.exec(s.replace(/[.,;:!?)\]]+$/u, '')) : null;
  if (url) return url[1].toLowerCase();
  const quoted = QUOTED.exec(s);
  // `Telegram channel "Name"`: the quoted part is the name.
  if (quoted && quoted.index > 0 && quoted.index < 25) s = quoted[1];
  // "by Some Author at Some Outlet": the outlet is after the last " at ".
  const at = s.lastIndexOf(' at ');
  if (at > 0) s = s.slice(at + 4);
  for (const cut of LEAD_CUTS) s = s.replace(cut, '');
  for (const cut of TAIL_CUTS) {
    const m = cut.exec(s);
    if (m && m.index > 0) s = s.slice(0, m.index);
  }
  s = s.replace(EDGE_PUNCT, '').trim();
  if (s.length < 2 || s.length > 80) return undefined;
  if (s.split(/\s+/).length > 8) return undefined;
  if (NOT_OUTLETS.has(s.toLowerCase())) return undefined;
  if (DATE_START.test(s)) return undefined;
  if (!STARTS_LIKE_NAME.test(s) && !(options.lowercaseOk && /^\p{Ll}[\p{L}\p{N}.-]+$/u.test(s))) return undefined;
  if (options.nameOnly && lowercaseWords(s) > 1) return undefined;
  return s;
}

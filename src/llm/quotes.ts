/**
 * Quote verification: a language model's evidence quote is kept only when it occurs in the article
 * (after whitespace, quotation-mark, dash and Unicode (NFD) normalisation on both sides), and is then mapped
 * to offsets in the raw text so highlights work as for the fast tier's evidence.
 */
import type { Evidence } from '../schema.js';

/** Shorter quotes match by chance; they are rejected. */
export const MIN_QUOTE_CHARS = 8;

/** Quotation marks and apostrophes folded to ASCII: models re-type them freely. */
const QUOTE_FOLD: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'", '\u0060': "'", '\u00B4': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"', '\u00AB': '"', '\u00BB': '"', '\u2033': '"', '\u2039': '"', '\u203A': '"',
  '\u2013': '-', '\u2014': '-', '\u2212': '-', '\u2026': '...',
};

/**
 * The normalised text and, for each of its characters, the raw offset it came from: whitespace runs
 * become one space, quotation marks and dashes their ASCII forms, everything NFD (so composed and decomposed accents match). Hand-written: the
 * offset map back to the raw text is the point, and no normalising library keeps one.
 */
export function normaliseWithMap(raw: string): { text: string; offsets: number[] } {
  let text = '';
  const offsets: number[] = [];
  let inSpace = false;
  for (let i = 0; i < raw.length; ) {
    const cp = raw.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    if (/\s/u.test(ch)) {
      if (!inSpace && text.length > 0) {
        text += ' ';
        offsets.push(i);
      }
      inSpace = true;
    } else {
      const folded = (QUOTE_FOLD[ch] ?? ch).normalize('NFD');
      for (let k = 0; k < folded.length; k++) offsets.push(i);
      text += folded;
      inSpace = false;
    }
    i += ch.length;
  }
  if (text.endsWith(' ')) {
    text = text.slice(0, -1);
    offsets.pop();
  }
  return { text, offsets };
}

/** A quote as it is searched: normalised, without the quotation marks or ellipses a model may wrap it in. */
export function normaliseQuote(quote: string): string {
  return normaliseWithMap(quote).text.replace(/^(?:["'\s]|\.\.\.)+|(?:["'\s]|\.\.\.)+$/g, '');
}

export interface QuoteCheck {
  /** Quotes found, as raw-text evidence (first occurrence), in the order given, repeats dropped. */
  verified: Evidence[];
  /** Quotes not found in the article (or too short to count), as given. */
  rejected: string[];
}

/** The article prepared once for many quotes. */
export class QuoteIndex {
  private readonly norm: { text: string; offsets: number[] };

  constructor(private readonly raw: string) {
    this.norm = normaliseWithMap(raw);
  }

  /** The raw span of the quote's first occurrence, or null when it is not in the article. */
  find(quote: string): { start: number; end: number } | null {
    const q = normaliseQuote(quote);
    if (q.length < MIN_QUOTE_CHARS) return null;
    const at = this.norm.text.indexOf(q);
    if (at < 0) return null;
    const start = this.norm.offsets[at];
    const lastRaw = this.norm.offsets[at + q.length - 1];
    const end = lastRaw + String.fromCodePoint(this.raw.codePointAt(lastRaw)!).length;
    return { start, end };
  }

  /** Splits quotes into verified evidence (weight 1: a model gives no weights) and rejected ones. */
  check(quotes: readonly string[]): QuoteCheck {
    const verified: Evidence[] = [];
    const rejected: string[] = [];
    const seen = new Set<number>();
    for (const quote of quotes) {
      const span = this.find(quote);
      if (!span) rejected.push(quote);
      else if (!seen.has(span.start)) {
        seen.add(span.start);
        verified.push({ ...span, text: this.raw.slice(span.start, span.end), weight: 1 });
      }
    }
    return { verified, rejected };
  }
}

/** Checks quotes against one article (see QuoteIndex). */
export function verifyQuotes(raw: string, quotes: readonly string[]): QuoteCheck {
  return new QuoteIndex(raw).check(quotes);
}

/** Choosing a reader: by file extension first, by looking at the content when there is none. */
import { extname } from 'node:path';

/** The reader a file or stream goes to. `markup` is HTML or a feed, decided after decoding. */
export type InputKind = 'text' | 'jsonl' | 'csv' | 'html' | 'feed';

const BY_EXTENSION: Record<string, InputKind> = {
  '.txt': 'text',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.csv': 'csv',
  '.html': 'html',
  '.htm': 'html',
  '.xml': 'feed',
  '.rss': 'feed',
  '.atom': 'feed',
};

/** The reader for a file name, `'sniff'` when it has no extension, or null when the extension is unsupported. */
export function kindByExtension(path: string): InputKind | 'sniff' | null {
  const ext = extname(path).toLowerCase();
  if (ext === '') return 'sniff';
  return BY_EXTENSION[ext] ?? null;
}

/** The root element of an RSS 2.0 (`rss`), RSS 1.0 (`rdf:RDF`) or Atom (`feed`) document; null for anything else. */
export function feedRoot(text: string): 'rss' | 'rdf:RDF' | 'feed' | null {
  const m = /^<(rss|feed|rdf:RDF)[\s>]/i.exec(stripXmlPreamble(text.slice(0, 4096)));
  if (!m) return null;
  const name = m[1]!.toLowerCase();
  return name === 'rss' ? 'rss' : name === 'feed' ? 'feed' : 'rdf:RDF';
}

/** True when the text's first element is an RSS, RDF (RSS 1.0) or Atom root rather than HTML. */
export function looksLikeFeed(text: string): boolean {
  return feedRoot(text) !== null;
}

/** Drops the BOM, XML declaration, comments, processing instructions and doctype before the root element. */
function stripXmlPreamble(text: string): string {
  let s = text.replace(/^\uFEFF/, '').trimStart();
  for (;;) {
    const next = s.replace(/^(<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)\s*/i, '');
    if (next === s) return s;
    s = next;
  }
}

/** How many non-empty lines at the start decide whether content is JSONL. */
const JSONL_SNIFF_LINES = 20;

/** True when a line holds one JSON object (what a JSONL record is). */
function isJsonObjectLine(line: string): boolean {
  const t = line.trim();
  if (!t.startsWith('{')) return false;
  try {
    const v: unknown = JSON.parse(t);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

/**
 * JSONL when at least half of the first 20 non-empty lines are JSON objects, so one bad record (first
 * or later) does not turn the input into a single plain-text article: the JSONL reader then reports it
 * by line. A line cut off by the end of a sniffing window is not judged unless it is the only one;
 * then it counts when it starts with `{` (one record longer than the window).
 */
function looksLikeJsonl(lines: string[], complete: boolean): boolean {
  const cut = !complete ? lines.pop() : undefined;
  const filled = lines.filter((l) => l.trim() !== '').slice(0, JSONL_SNIFF_LINES);
  if (filled.length === 0) return cut !== undefined && cut.trimStart().startsWith('{');
  const objects = filled.filter(isJsonObjectLine).length;
  return objects > 0 && objects * 2 >= filled.length;
}

/**
 * Sniffs decoded content: markup if it starts with `<`, JSONL if most of its first lines are JSON
 * objects (see looksLikeJsonl), else plain text. `complete` says whether `text` is all of the input or
 * only its start (then the last, possibly cut, line is not judged).
 */
export function sniffKind(text: string, complete = true): InputKind {
  const s = text.replace(/^\uFEFF/, '').trimStart();
  if (s.startsWith('<')) return looksLikeFeed(s) ? 'feed' : 'html';
  return looksLikeJsonl(s.split('\n'), complete) ? 'jsonl' : 'text';
}

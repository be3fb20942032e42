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

/** True when the text's first element is an RSS, RDF (RSS 1.0) or Atom root rather than HTML. */
export function looksLikeFeed(text: string): boolean {
  const head = stripXmlPreamble(text.slice(0, 4096));
  return /^<(rss|feed|rdf:RDF)[\s>]/i.test(head);
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

/**
 * Sniffs decoded content: markup if it starts with `<`, JSONL if every non-empty line starts with `{`,
 * else plain text. `complete` says whether `text` is all of the input or only its start (then the
 * last, possibly cut, line is not judged).
 */
export function sniffKind(text: string, complete = true): InputKind {
  const s = text.replace(/^\uFEFF/, '').trimStart();
  if (s.startsWith('<')) return looksLikeFeed(s) ? 'feed' : 'html';
  const lines = s.split('\n');
  if (!complete && lines.length > 1) lines.pop();
  const filled = lines.filter((l) => l.trim() !== '');
  if (filled.length > 0 && filled.every((l) => l.trimStart().startsWith('{'))) return 'jsonl';
  return 'text';
}

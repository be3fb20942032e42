/**
 * Provenance markers: "The following article, <title>, was first published on <Outlet>.",
 * "Reprinted with permission from <Outlet>", "Source: <Outlet>". Each yields an attribution; a line that
 * is nothing but such notices (or a notice and a short credit tail such as "Article by <Name>") is
 * also removed, while a notice followed by story text or a caption stays in the view. Data: provenance.json.
 */
import type { Attribution } from '../../schema.js';
import type { CleaningRule, LineFinding, RuleFindings } from '../rule.js';
import { cleanOutletName } from '../outlet.js';
import { compilePatterns } from '../patterns.js';
import data from './provenance.json' with { type: 'json' };

interface MarkerEntry {
  kind: Attribution['kind'];
  removeLine: boolean;
  wholeLine?: boolean;
  pattern: string;
  reason: string;
}

/**
 * A marker opens a sentence: at the line start or after sentence punctuation, maybe behind a bracket or
 * dash; or it opens a parenthesis anywhere ("… on Monday (Source: X) …"). Mid-sentence phrases such as
 * "the report, first published by X," are news about a report, not notices about this text.
 */
const SENTENCE_START = String.raw`(?:^|(?<=[.!?…"')\]]\s)|(?=\())[(\[*•—–-]*\s*`;
/** The outlet runs to the end of the sentence; a dot inside a name ("Pravda.Ru") does not end it. */
const OUTLET = String.raw`(?<outlet>.+?)(?:[.!?…]+["'”)\]]*(?=\s|$)|\)|$)`;
/** Lines a marker could be on contain one of these; the rest are skipped without running the markers. */
const HINT = /published|publicado|appeared|permission|reprint|repost|the post |source|via |©|copyright|\(c\)|источник|източник|fonte|स्रोत|опубликован|публикуван|\(com |जानकारी|इनपुट|^by /iu;
/** Longest line that may be removed as a pure notice, and longest for a `wholeLine` marker. */
const MAX_NOTICE_LINE = 400;
const MAX_WHOLE_LINE = 200;

/** What may follow a notice on a line that is still removed: a credit, not story text. */
const NOTICE_TAILS = compilePatterns(data.noticeTails);
/** Punctuation and spaces left at the edges of what notices leave of a line. */
const EDGES = /^[\s.,;:!?…"'()[\]*•|—–-]+|[\s.,;:!?…"'()[\]*•|—–-]+$/gu;

const MARKERS = (data.markers as MarkerEntry[]).map((entry) => ({
  entry,
  re: new RegExp(SENTENCE_START + entry.pattern.replace('{OUTLET}', OUTLET), 'giu'),
}));
/** All markers in one regex (without group names), so a line with none costs one scan, not one per marker. */
const ANY_MARKER = new RegExp(
  SENTENCE_START + '(?:' + MARKERS.map(({ entry }) => `(?:${entry.pattern.replace('{OUTLET}', '.').replace(/\(\?<[A-Za-z]\w*>/g, '(')})`).join('|') + ')',
  'iu',
);

export const provenance: CleaningRule = {
  id: 'provenance',
  detect({ lines, removedLines }) {
    const found: LineFinding[] = [];
    const attributions: NonNullable<RuleFindings['attributions']> = [];
    for (const line of lines) {
      if (line.blank || removedLines.has(line.index) || !HINT.test(line.text) || !ANY_MARKER.test(line.text)) continue;
      // Offsets inside `text` equal offsets inside the raw line unless whitespace runs were collapsed.
      const aligned = line.text.length === line.trimmed.length;
      const taken: [number, number][] = [];
      let removeReason: string | undefined;
      for (const { entry, re } of MARKERS) {
        if (entry.wholeLine && line.text.length > MAX_WHOLE_LINE) continue;
        re.lastIndex = 0;
        for (let m = re.exec(line.text); m; m = re.exec(line.text)) {
          const atLineStart = m.index === 0;
          if (entry.wholeLine && !atLineStart) continue;
          const outlet = cleanOutletName(m.groups?.outlet ?? '', {
            lowercaseOk: entry.kind === 'first-published' && !entry.wholeLine,
            nameOnly: entry.wholeLine,
          });
          if (!outlet) continue;
          const from = m.index;
          const to = m.index + m[0].trimEnd().length;
          if (taken.some(([a, b]) => from < b && a < to)) continue;
          taken.push([from, to]);
          const start = aligned ? line.contentStart + from : line.contentStart;
          const end = aligned ? line.contentStart + to : line.contentEnd;
          attributions.push({ start, end, outlet, kind: entry.kind, text: line.trimmed.slice(start - line.contentStart, end - line.contentStart) });
          if (atLineStart && entry.removeLine && line.text.length <= MAX_NOTICE_LINE) removeReason ??= entry.reason;
        }
      }
      if (removeReason && onlyNotices(line.text, taken)) found.push({ line: line.index, reason: removeReason });
    }
    return { lines: found, attributions };
  },
};

/** True when what the marker matches leave of the line is nothing, or only credit tails. */
function onlyNotices(text: string, taken: readonly (readonly [number, number])[]): boolean {
  const pieces: string[] = [];
  let pos = 0;
  for (const [from, to] of [...taken].sort((a, b) => a[0] - b[0])) {
    pieces.push(text.slice(pos, Math.max(pos, from)));
    pos = Math.max(pos, to);
  }
  pieces.push(text.slice(pos));
  return pieces.map((p) => p.replace(EDGES, '')).every((p) => p === '' || NOTICE_TAILS.test(p));
}

/**
 * Comment-form, share-bar and navigation leftovers of blog themes ("Leave a Reply", "Notify of",
 * a lone "Comments" at the end). Data: comment-form.json.
 */
import type { CleaningRule, LineFinding } from '../rule.js';
import { compilePatterns } from '../patterns.js';
import type { Line } from '../lines.js';
import data from './comment-form.json' with { type: 'json' };

const ANYWHERE = compilePatterns(data.anywhere);
const TAIL = compilePatterns(data.tail);
const THREAD_HEADING = new RegExp(data.threadHeading, 'iu');
const THREAD_AUTHOR = new RegExp(data.threadAuthor, 'iu');
/** How many lines after a "Comments" heading the first "<Name> says" line may come. */
const THREAD_LOOKAHEAD = 3;
/** Longer lines are prose, never a form label. */
const MAX_LINE = 300;

export const commentForm: CleaningRule = {
  id: 'comment-form',
  detect({ lines, removedLines }) {
    const found: LineFinding[] = [];
    const marked = new Set<number>();
    for (const line of lines) {
      if (line.blank || removedLines.has(line.index) || line.text.length > MAX_LINE) continue;
      const hit = ANYWHERE.find(line.text);
      if (hit) {
        found.push({ line: line.index, reason: hit.entry.reason });
        marked.add(line.index);
      }
    }
    // A scraped comment thread: a "Comments" heading soon followed by "<Name> says"; readers' comments run to the end.
    const thread = findCommentThread(lines);
    if (thread >= 0) {
      for (let i = thread; i < lines.length; i++) {
        if (lines[i].blank || removedLines.has(i) || marked.has(i)) continue;
        found.push({ line: i, reason: i === thread ? 'comment-thread heading' : 'readers\' comment thread' });
        marked.add(i);
      }
    }
    // Walk back from the end through the trailing boilerplate block; stop at the first line of story text.
    for (let i = lines.length - 1; i > 0; i--) {
      const line = lines[i];
      if (line.blank || removedLines.has(i) || marked.has(i)) continue;
      const hit = line.text.length <= MAX_LINE ? TAIL.find(line.text) : undefined;
      if (!hit) break;
      found.push({ line: i, reason: hit.entry.reason });
    }
    return { lines: found };
  },
};

/** Index of the heading line of a scraped comment thread, or -1. Line 0 (the headline) never counts. */
function findCommentThread(lines: readonly Line[]): number {
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.blank || line.text.length > 200 || !THREAD_HEADING.test(line.text)) continue;
    let seen = 0;
    for (let j = i + 1; j < lines.length && seen < THREAD_LOOKAHEAD; j++) {
      if (lines[j].blank) continue;
      seen++;
      if (lines[j].text.length <= 120 && THREAD_AUTHOR.test(lines[j].text)) return i;
    }
  }
  return -1;
}

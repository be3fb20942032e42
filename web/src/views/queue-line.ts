/** The overview's queue line on a PostgreSQL corpus: jobs waiting, being analysed, the rate and the dead ones, read again every few seconds while it is shown (text only). */
import { api } from '../api.js';
import { readingOf, queueText, type DepthReading } from '../../../src/queue/depth-text.js';
import { h } from '../dom.js';

const REFRESH_MS = 5000;

export function queueLine(): HTMLElement {
  const line = h('span', { class: 'queue-line muted', attrs: { 'data-testid': 'queue-status', 'aria-live': 'polite' } });
  line.hidden = true;
  let before: DepthReading | undefined;
  const refresh = async () => {
    try {
      const jobs = await api.jobs();
      const now = jobs.queues ? readingOf(jobs.queues, Date.now()) : undefined;
      const text = now && queueText(now, before);
      before = now;
      line.textContent = text ?? '';
      line.hidden = !text;
    } catch {
      line.hidden = true;
    }
    // Read again while the overview is on screen; a SQLite corpus has no queue to watch.
    if (line.isConnected && before) setTimeout(() => void refresh(), REFRESH_MS);
  };
  void refresh();
  return line;
}

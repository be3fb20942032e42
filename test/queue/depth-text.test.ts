/** The dashboard's queue line: totals over the queues, the rate between two readings, the dead jobs; nothing when the queue is idle. */
import { describe, expect, it } from 'vitest';
import { queueText, readingOf } from '../../src/queue/depth-text.js';
import type { QueueDepth } from '../../src/queue/status.js';

const depth = (queue: QueueDepth['queue'], d: Partial<QueueDepth>): QueueDepth => ({ queue, queued: 0, active: 0, completed: 0, failed: 0, dead: 0, ...d });

describe('queueText', () => {
  it('adds the queues up and gives the rate since the previous reading', () => {
    const before = readingOf([depth('narrascope-analyse', { queued: 300, active: 50, completed: 100 })], 0);
    const now = readingOf([depth('narrascope-analyse', { queued: 200, active: 50, completed: 200 }), depth('narrascope-refresh', { queued: 5 })], 5000);
    expect(queueText(now, before)).toBe('Queue: 205 waiting · 50 being analysed · 20/s');
    expect(queueText(now)).toBe('Queue: 205 waiting · 50 being analysed');
  });

  it('shows a slow rate with a decimal, and the dead jobs with where to see them', () => {
    const before = readingOf([depth('narrascope-analyse', { queued: 10 })], 0);
    const now = readingOf([depth('narrascope-analyse', { queued: 7, completed: 3, dead: 1 })], 2000);
    expect(queueText(now, before)).toBe('Queue: 7 waiting · 0 being analysed · 1.5/s · 1 failed (narrascope jobs --failed)');
  });

  it('says nothing when no job waits, runs or is dead', () => {
    expect(queueText(readingOf([depth('narrascope-analyse', { completed: 40, failed: 0 })], 0))).toBeUndefined();
  });
});

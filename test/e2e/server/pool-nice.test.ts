/** The analysis threads' scheduling priority: lowered for a server's pool by default, left alone for a batch command's (`nice: 0`). */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AnalyzePool, WORKER_NICE_INCREMENT } from '../../../src/server/analyze-pool.js';

/** The nice value of each thread of this process (Linux /proc: field 19 of a task's stat line). */
function threadNices(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

describe.skipIf(process.platform !== 'linux')('analysis pool thread priority', () => {
  it('lowers the threads of a default pool by WORKER_NICE_INCREMENT and leaves a nice: 0 pool at the process priority', async () => {
    const base = Math.min(...threadNices());
    const niced = new AnalyzePool({ threads: 1 });
    try {
      await niced.ready();
      expect(threadNices()).toContain(base + WORKER_NICE_INCREMENT);
    } finally {
      await niced.close();
    }
    const plain = new AnalyzePool({ threads: 1, nice: 0 });
    try {
      await plain.ready();
      expect(threadNices().every((n) => n === base)).toBe(true);
    } finally {
      await plain.close();
    }
  }, 120_000);
});

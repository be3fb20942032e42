import { describe, expect, it } from 'vitest';
import { Progress } from '../../src/cli/progress.js';

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 120, write: (s: string) => (chunks.push(s), true) } as unknown as NodeJS.WriteStream };
}

describe('Progress', () => {
  it('shows a bar with rate and ETA on a terminal, and keeps logged lines intact', () => {
    let t = 0;
    const { chunks, stream } = fakeStream(true);
    const p = new Progress(stream, { total: 100, label: 'ingest', now: () => t });
    t = 2000;
    p.update(50, '2 skipped');
    expect(p.line()).toBe('ingest [##########----------] 50% 50/100 · 25/s · ETA 0:02 · 2 skipped');
    expect(chunks.at(-1)).toBe(`\r\x1b[2K${p.line()}`);
    p.log('skipped x.txt: empty [empty]');
    expect(chunks.slice(-3)).toEqual(['\r\x1b[2K', 'skipped x.txt: empty [empty]\n', `\r\x1b[2K${p.line()}`]);
    p.finish();
    expect(chunks.at(-1)).toBe('\r\x1b[2K');
  });

  it('drops the ETA once the estimate is exceeded, and prints plain lines at intervals otherwise', () => {
    let t = 0;
    const { chunks, stream } = fakeStream(false);
    const p = new Progress(stream, { total: 10, label: 'ingest', plainIntervalMs: 5000, now: () => t });
    t = 1000;
    p.update(20);
    expect(chunks).toEqual([]); // nothing before the first interval
    t = 5000;
    p.update(50);
    expect(chunks).toEqual(['ingest 50 · 10/s\n']);
    t = 7000;
    p.update(70);
    expect(chunks).toHaveLength(1); // within the interval
    t = 10000;
    p.update(100);
    expect(chunks.at(-1)).toBe('ingest 100 · 10/s\n');
  });
});

/**
 * Streams byte chunks as numbered lines, decoding each line as strict UTF-8.
 *
 * Hand-written rather than `node:readline` because readline decodes with replacement characters:
 * an invalid byte sequence would pass silently instead of being reported with its line, and one
 * over-long line would be held in memory whole. Here each bad line is reported and the rest goes on.
 */

export type Line =
  | { line: number; text: string }
  | { line: number; problem: 'invalid-utf8' | 'too-large' };

/** Yields every line of the byte stream (without `\n` or a trailing `\r`), 1-based. Lines longer than `maxLineBytes` are skipped and reported. */
export async function* splitLines(chunks: AsyncIterable<Uint8Array | string>, maxLineBytes: number): AsyncGenerator<Line> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let oversized = false;
  let lineNo = 0;

  const finish = (last: Uint8Array): Line => {
    lineNo++;
    if (oversized) return { line: lineNo, problem: 'too-large' };
    let bytes = pending.length === 0 ? last : Buffer.concat([...pending, last]);
    if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    try {
      return { line: lineNo, text: decoder.decode(bytes) };
    } catch {
      return { line: lineNo, problem: 'invalid-utf8' };
    }
  };

  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    for (let nl = bytes.indexOf(0x0a); nl >= 0; nl = bytes.indexOf(0x0a, start)) {
      const piece = bytes.subarray(start, nl);
      if (pendingBytes + piece.length > maxLineBytes) oversized = true;
      yield finish(piece);
      pending = [];
      pendingBytes = 0;
      oversized = false;
      start = nl + 1;
    }
    const rest = bytes.subarray(start);
    if (rest.length > 0 && !oversized) {
      pendingBytes += rest.length;
      if (pendingBytes > maxLineBytes) {
        oversized = true;
        pending = [];
      } else {
        pending.push(Uint8Array.from(rest));
      }
    }
  }
  if (pendingBytes > 0 || oversized) yield finish(new Uint8Array(0));
}

/** Waiting out an outage: connection errors are tried again until the call goes through; other errors are thrown at once. */
import { describe, expect, it } from 'vitest';
import { StoreConnectionError } from '../../src/store/pg/engine.js';
import { isConnectionError, whenReachable } from '../../src/queue/reconnect.js';

const codeError = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('isConnectionError', () => {
  it('knows socket errors, SQLSTATE class 08, an admin shutdown and pg\'s own messages', () => {
    expect(isConnectionError(codeError('ECONNREFUSED'))).toBe(true);
    expect(isConnectionError(codeError('08006'))).toBe(true);
    expect(isConnectionError(codeError('57P01', 'terminating connection due to administrator command'))).toBe(true);
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionError(new Error('outer', { cause: codeError('ECONNRESET') }))).toBe(true);
    expect(isConnectionError(new StoreConnectionError('lost the connection to postgres://h/db while storing a batch'))).toBe(true);
  });

  it('does not take a wrong statement or a bad value for an outage', () => {
    expect(isConnectionError(codeError('23505', 'duplicate key value violates unique constraint'))).toBe(false);
    expect(isConnectionError(new Error('invalid input syntax for type uuid'))).toBe(false);
    expect(isConnectionError(undefined)).toBe(false);
  });
});

describe('whenReachable', () => {
  it('tries again through an outage, saying once that it waits and once that it is back', async () => {
    let calls = 0;
    const lines: string[] = [];
    const result = await whenReachable(
      async () => {
        if (++calls < 3) throw codeError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432');
        return 'stored';
      },
      { what: 'storing a batch', log: (l) => lines.push(l), minPauseMs: 1, maxPauseMs: 2 },
    );
    expect(result).toBe('stored');
    expect(calls).toBe(3);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('database unreachable while storing a batch (connect ECONNREFUSED 127.0.0.1:5432); trying again');
    expect(lines[1]).toMatch(/^database reachable again after \d+\.\d s; storing a batch done$/);
  });

  it('throws any other error at once, and an outage when told to quit', async () => {
    let calls = 0;
    await expect(whenReachable(async () => (calls++, Promise.reject(new Error('column "x" does not exist'))), { what: 'x', minPauseMs: 1 })).rejects.toThrow('column "x"');
    expect(calls).toBe(1);
    await expect(whenReachable(() => Promise.reject(codeError('ECONNREFUSED')), { what: 'x', minPauseMs: 1, mustQuit: () => true })).rejects.toThrow('failed');
  });
});

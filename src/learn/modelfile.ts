/**
 * The model file format: gzip of
 *   "NSCM" magic, uint32 LE header length, UTF-8 JSON header, then each array's raw little-endian
 *   bytes in header order, each padded to 4 bytes.
 * The header holds `meta` (anything JSON) and `arrays`: [{name, type, length}]. Weights are usually
 * stored as int8 with a float scale per label (`quantizeInt8`), which keeps files small with no
 * measurable loss in scores. Deterministic: the same content gives the same bytes (gzip mtime 0).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';

export type StoredArray = Float32Array | Int8Array | Uint32Array | Int32Array | Uint8Array;
const TYPES = { Float32Array, Int8Array, Uint32Array, Int32Array, Uint8Array } as const;
type TypeName = keyof typeof TYPES;

const MAGIC = 'NSCM';

export interface ModelFile {
  meta: Record<string, unknown>;
  arrays: Record<string, StoredArray>;
  /** Set by decodeModelFile: the first 12 hex digits of the file's SHA-256 (see versionTag). */
  digest?: string;
}

/**
 * The version an analysis records for a model: its own version name plus the digest of the file it
 * was loaded from, so that `reanalyze` notices any retrained model, even one whose name is unchanged.
 */
export function versionTag(version: string, digest?: string): string {
  return digest ? `${version}#${digest}` : version;
}

/** Serialises a model. Arrays are written in the order given. */
export function encodeModelFile(model: ModelFile): Buffer {
  const arrays = Object.entries(model.arrays).map(([name, a]) => ({ name, type: a.constructor.name as TypeName, length: a.length }));
  const header = Buffer.from(JSON.stringify({ meta: model.meta, arrays }), 'utf8');
  const parts: Buffer[] = [Buffer.from(MAGIC, 'ascii'), Buffer.alloc(4)];
  parts[1].writeUInt32LE(header.length, 0);
  parts.push(header, Buffer.alloc((4 - (header.length % 4)) % 4));
  for (const a of Object.values(model.arrays)) {
    const bytes = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    parts.push(Buffer.from(bytes), Buffer.alloc((4 - (bytes.length % 4)) % 4));
  }
  return gzipSync(Buffer.concat(parts), { level: 9 });
}

/** Parses a model file; throws a one-line error when it is not one. */
export function decodeModelFile(data: Buffer, name = 'model file'): ModelFile {
  let raw: Buffer;
  try {
    raw = gunzipSync(data);
  } catch {
    throw new Error(`${name}: not a gzip-compressed model file`);
  }
  if (raw.toString('ascii', 0, 4) !== MAGIC) throw new Error(`${name}: bad magic (not a narrascope model file)`);
  const hlen = raw.readUInt32LE(4);
  const header = JSON.parse(raw.toString('utf8', 8, 8 + hlen)) as { meta: Record<string, unknown>; arrays: { name: string; type: TypeName; length: number }[] };
  let pos = 8 + hlen + ((4 - (hlen % 4)) % 4);
  const arrays: Record<string, StoredArray> = {};
  for (const a of header.arrays) {
    const Ctor = TYPES[a.type];
    if (!Ctor) throw new Error(`${name}: unknown array type ${a.type}`);
    const bytes = a.length * Ctor.BYTES_PER_ELEMENT;
    if (pos + bytes > raw.length) throw new Error(`${name}: truncated at array ${a.name}`);
    const copy = new Uint8Array(bytes);
    copy.set(raw.subarray(pos, pos + bytes));
    arrays[a.name] = new Ctor(copy.buffer);
    pos += bytes + ((4 - (bytes % 4)) % 4);
  }
  return { meta: header.meta, arrays, digest: createHash('sha256').update(data).digest('hex').slice(0, 12) };
}

/** Models read so far, by task and path: each file is read and decoded once per process. */
const loaded = new Map<string, unknown>();

/**
 * The model of `task` in the file at `path`, read with `decode` (the task's own format check) the
 * first time and the same object afterwards. A missing file is an error naming the command that
 * writes it.
 */
export function loadModel<T>(path: string, task: string, decode: (data: Buffer, path: string) => T): T {
  const key = `${task}\u0000${path}`;
  if (loaded.has(key)) return loaded.get(key) as T;
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch {
    throw new Error(`${path}: model file not found (run \`narrascope train ${task}\`)`);
  }
  const model = decode(data, path);
  loaded.set(key, model);
  return model;
}

/** Quantises a feature-major matrix (rows × cols) to int8 with one scale per column. */
export function quantizeInt8(matrix: Float32Array, cols: number): { q: Int8Array; scales: Float32Array } {
  const scales = new Float32Array(cols);
  for (let k = 0; k < matrix.length; k++) scales[k % cols] = Math.max(scales[k % cols], Math.abs(matrix[k]));
  for (let c = 0; c < cols; c++) scales[c] = scales[c] > 0 ? scales[c] / 127 : 1;
  const q = new Int8Array(matrix.length);
  for (let k = 0; k < matrix.length; k++) q[k] = Math.round(matrix[k] / scales[k % cols]);
  return { q, scales };
}

/** Inverse of quantizeInt8. */
export function dequantizeInt8(q: Int8Array, scales: Float32Array): Float32Array {
  const cols = scales.length;
  const out = new Float32Array(q.length);
  for (let k = 0; k < q.length; k++) out[k] = q[k] * scales[k % cols];
  return out;
}

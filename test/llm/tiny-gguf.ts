/**
 * Writes a tiny GGUF model (llama architecture, seeded random float32 weights, a byte-level
 * SentencePiece vocabulary of 3 special tokens, a space and 256 byte tokens) that llama.cpp loads and runs: its output
 * is meaningless, but under a JSON-schema grammar it is valid JSON, so the GGUF provider can be
 * tested on the real engine without downloading weights.
 *
 * Hand-written because no maintained npm package writes GGUF files (the parsers, node-llama-cpp's
 * included, only read them). Format: GGUF version 3 (ggml's docs/gguf.md) — a header, key/value
 * metadata, tensor infos, then the tensor data, each tensor aligned to general.alignment (32 bytes).
 */
import { writeFileSync } from 'node:fs';

export interface TinyGgufOptions {
  layers?: number;
  /** Model width (n_embd); a multiple of heads. */
  embedding?: number;
  heads?: number;
  kvHeads?: number;
  feedForward?: number;
  contextLength?: number;
  /** The weights' seed: the same seed writes the same bytes. */
  seed?: number;
}

const ALIGNMENT = 32;
/** GGUF metadata value types. */
const T = { u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9 } as const;
/** ggml tensor type of float32. */
const GGML_F32 = 0;
/** llama.cpp token types: normal 1, unknown 2, control 3, byte 6. */
const TOKEN = { normal: 1, unknown: 2, control: 3, byte: 6 } as const;

type Value =
  | { type: 'u32' | 'i32' | 'f32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'array'; of: 'string'; value: string[] }
  | { type: 'array'; of: 'f32' | 'i32'; value: number[] };

/**
 * The vocabulary: <unk>, <s>, </s>, the SentencePiece space "▁", then <0x00> … <0xFF>, so any text
 * tokenises to bytes. The space needs its own token: spaces become "▁" before tokenising, and only a
 * normal token's "▁" turns back into a space.
 */
export function byteVocabulary(): { tokens: string[]; types: number[] } {
  const tokens = ['<unk>', '<s>', '</s>', '\u2581'];
  const types: number[] = [TOKEN.unknown, TOKEN.control, TOKEN.control, TOKEN.normal];
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(TOKEN.byte);
  }
  return { tokens, types };
}

/** The bytes of a tiny llama GGUF file. */
export function tinyGgufBytes(options: TinyGgufOptions = {}): Buffer {
  const o = { layers: 2, embedding: 64, heads: 4, kvHeads: 2, feedForward: 128, contextLength: 2048, seed: 7, ...options };
  const { tokens, types } = byteVocabulary();
  const metadata: [string, Value][] = [
    ['general.architecture', { type: 'string', value: 'llama' }],
    ['general.name', { type: 'string', value: 'narrascope tiny test model' }],
    ['general.alignment', { type: 'u32', value: ALIGNMENT }],
    ['general.file_type', { type: 'u32', value: 0 }],
    ['llama.context_length', { type: 'u32', value: o.contextLength }],
    ['llama.embedding_length', { type: 'u32', value: o.embedding }],
    ['llama.block_count', { type: 'u32', value: o.layers }],
    ['llama.feed_forward_length', { type: 'u32', value: o.feedForward }],
    ['llama.attention.head_count', { type: 'u32', value: o.heads }],
    ['llama.attention.head_count_kv', { type: 'u32', value: o.kvHeads }],
    ['llama.attention.layer_norm_rms_epsilon', { type: 'f32', value: 1e-5 }],
    ['llama.rope.dimension_count', { type: 'u32', value: o.embedding / o.heads }],
    ['llama.vocab_size', { type: 'u32', value: tokens.length }],
    ['tokenizer.ggml.model', { type: 'string', value: 'llama' }],
    ['tokenizer.ggml.tokens', { type: 'array', of: 'string', value: tokens }],
    ['tokenizer.ggml.scores', { type: 'array', of: 'f32', value: tokens.map(() => 0) }],
    ['tokenizer.ggml.token_type', { type: 'array', of: 'i32', value: types }],
    ['tokenizer.ggml.unknown_token_id', { type: 'u32', value: 0 }],
    ['tokenizer.ggml.bos_token_id', { type: 'u32', value: 1 }],
    ['tokenizer.ggml.eos_token_id', { type: 'u32', value: 2 }],
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: true }],
    ['tokenizer.ggml.add_eos_token', { type: 'bool', value: false }],
    ['tokenizer.ggml.add_space_prefix', { type: 'bool', value: false }],
  ];
  const tensors = llamaTensors(o.layers, o.embedding, (o.embedding / o.heads) * o.kvHeads, o.feedForward, tokens.length);
  return encode(metadata, tensors, mulberry32(o.seed));
}

/** Writes tinyGgufBytes(options) to `path` and returns the path. */
export function writeTinyGguf(path: string, options: TinyGgufOptions = {}): string {
  writeFileSync(path, tinyGgufBytes(options));
  return path;
}

interface TensorSpec {
  name: string;
  /** ggml order: dims[0] is the fastest-moving (the input width of a weight matrix). */
  dims: number[];
  /** Norm weights are ones; matrices small random values. */
  fill: 'ones' | 'random';
}

/** The tensors llama.cpp's llama architecture requires (output.weight left out: it is then tied to token_embd). */
function llamaTensors(layers: number, embd: number, embdKv: number, ff: number, vocab: number): TensorSpec[] {
  const specs: TensorSpec[] = [
    { name: 'token_embd.weight', dims: [embd, vocab], fill: 'random' },
    { name: 'output_norm.weight', dims: [embd], fill: 'ones' },
  ];
  for (let i = 0; i < layers; i++) {
    const b = `blk.${i}.`;
    specs.push(
      { name: `${b}attn_norm.weight`, dims: [embd], fill: 'ones' },
      { name: `${b}attn_q.weight`, dims: [embd, embd], fill: 'random' },
      { name: `${b}attn_k.weight`, dims: [embd, embdKv], fill: 'random' },
      { name: `${b}attn_v.weight`, dims: [embd, embdKv], fill: 'random' },
      { name: `${b}attn_output.weight`, dims: [embd, embd], fill: 'random' },
      { name: `${b}ffn_norm.weight`, dims: [embd], fill: 'ones' },
      { name: `${b}ffn_gate.weight`, dims: [embd, ff], fill: 'random' },
      { name: `${b}ffn_up.weight`, dims: [embd, ff], fill: 'random' },
      { name: `${b}ffn_down.weight`, dims: [ff, embd], fill: 'random' },
    );
  }
  return specs;
}

/** A small seeded generator, so a test's model file is the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Appends little-endian values to a growing list of chunks. */
class Writer {
  readonly chunks: Buffer[] = [];
  length = 0;
  push(b: Buffer): void {
    this.chunks.push(b);
    this.length += b.length;
  }
  u32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    this.push(b);
  }
  i32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    this.push(b);
  }
  u64(v: number): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    this.push(b);
  }
  f32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    this.push(b);
  }
  string(s: string): void {
    const bytes = Buffer.from(s, 'utf8');
    this.u64(bytes.length);
    this.push(bytes);
  }
  padTo(alignment: number): void {
    const pad = (alignment - (this.length % alignment)) % alignment;
    if (pad) this.push(Buffer.alloc(pad));
  }
}

function writeValue(w: Writer, v: Value): void {
  if (v.type === 'array') {
    w.u32(T.array);
    w.u32(T[v.of]);
    w.u64(v.value.length);
    for (const item of v.value) writeScalar(w, v.of, item);
    return;
  }
  w.u32(T[v.type]);
  writeScalar(w, v.type, v.value);
}

function writeScalar(w: Writer, type: 'u32' | 'i32' | 'f32' | 'bool' | 'string', value: number | boolean | string): void {
  if (type === 'string') w.string(value as string);
  else if (type === 'bool') w.push(Buffer.from([value ? 1 : 0]));
  else if (type === 'f32') w.f32(value as number);
  else if (type === 'i32') w.i32(value as number);
  else w.u32(value as number);
}

function encode(metadata: [string, Value][], tensors: TensorSpec[], random: () => number): Buffer {
  const w = new Writer();
  w.push(Buffer.from('GGUF', 'ascii'));
  w.u32(3);
  w.u64(tensors.length);
  w.u64(metadata.length);
  for (const [key, value] of metadata) {
    w.string(key);
    writeValue(w, value);
  }
  const data = tensors.map((t) => tensorData(t, random));
  let offset = 0;
  for (const [i, t] of tensors.entries()) {
    w.string(t.name);
    w.u32(t.dims.length);
    for (const d of t.dims) w.u64(d);
    w.u32(GGML_F32);
    w.u64(offset);
    offset += align(data[i].length);
  }
  w.padTo(ALIGNMENT);
  for (const d of data) {
    w.push(d);
    w.padTo(ALIGNMENT);
  }
  return Buffer.concat(w.chunks);
}

function tensorData(t: TensorSpec, random: () => number): Buffer {
  const count = t.dims.reduce((a, b) => a * b, 1);
  const values = new Float32Array(count);
  // Uniform in ±sqrt(3/fan_in): unit-variance activations, so a few layers neither vanish nor explode.
  const scale = Math.sqrt(3 / t.dims[0]);
  for (let i = 0; i < count; i++) values[i] = t.fill === 'ones' ? 1 : (random() * 2 - 1) * scale;
  return Buffer.from(values.buffer);
}

function align(n: number): number {
  return Math.ceil(n / ALIGNMENT) * ALIGNMENT;
}

/** Byte-level checks made before any text is decoded: binary content, strict UTF-8, blank text. */

/** How many leading bytes are inspected for binary content. */
const SNIFF_BYTES = 8192;
/** Share of control bytes (other than tab, line breaks, form feed, escape) above which a file is binary. */
const MAX_CONTROL_RATIO = 0.1;

/** True when the bytes look like a binary file: a NUL byte, or many control characters, near the start. */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SNIFF_BYTES);
  if (n === 0) return false;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) || b === 0x7f) control++;
  }
  return control / n > MAX_CONTROL_RATIO;
}

/** True when the bytes start with a UTF-16 byte-order mark (a text file in the wrong encoding). */
export function hasUtf16Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
}

/**
 * Decodes UTF-8 exactly: no replacement characters, and a leading BOM is kept (`ignoreBOM: true`
 * means "do not strip it"), so offsets into the text match the annotated corpora. Null if invalid.
 */
export function decodeUtf8Exact(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** True when the text has nothing but whitespace (a BOM counts as whitespace). */
export function isBlank(text: string): boolean {
  return !/[^\s\uFEFF]/.test(text);
}

/** 1-based line of the first invalid UTF-8 sequence, found line by line once the whole decode failed. */
export function firstInvalidUtf8Line(bytes: Uint8Array): number | undefined {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    try {
      decoder.decode(bytes.subarray(start, end));
    } catch {
      return line;
    }
    start = end + 1;
  }
  return undefined;
}

/**
 * Conversions between UTF-16 code-unit offsets (JavaScript string indices, used everywhere inside
 * narrascope) and Unicode code-point offsets (used by the SemEval file formats). They differ only
 * when a text holds characters outside the Basic Multilingual Plane, such as emoji.
 */
export interface OffsetConverter {
  toCodePoint(utf16: number): number;
  toUtf16(codePoint: number): number;
}

export function offsetConverter(text: string): OffsetConverter {
  let astral = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      astral = true;
      break;
    }
  }
  if (!astral) return { toCodePoint: (n) => n, toUtf16: (n) => n };
  // cp[i] = code-point index of UTF-16 index i; u16[k] = UTF-16 index of code point k.
  const cp = new Uint32Array(text.length + 1);
  const u16: number[] = [];
  let k = 0;
  for (let i = 0; i < text.length; ) {
    const c = text.codePointAt(i)!;
    const w = c > 0xffff ? 2 : 1;
    u16.push(i);
    cp[i] = k;
    if (w === 2) cp[i + 1] = k;
    i += w;
    k++;
  }
  cp[text.length] = k;
  u16.push(text.length);
  return {
    toCodePoint: (n) => cp[Math.max(0, Math.min(n, text.length))],
    toUtf16: (n) => u16[Math.max(0, Math.min(n, u16.length - 1))],
  };
}

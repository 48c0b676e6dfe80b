import { isAscii, isUtf8 } from 'node:buffer';
import { InputError } from '../errors.js';

/** UTF-16 text, by its byte-order mark (Windows PowerShell 5.1's `>` writes UTF-16 LE with one): otherwise undefined. */
export function utf16WithBom(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return undefined;
}

/**
 * What bytes with NUL in them look like, for the error: UTF-16 without a byte-order mark puts a NUL beside every
 * ASCII character (after it little-endian, before it big-endian); anything else is binary.
 */
function describeNulBytes(bytes: Uint8Array): string {
  const n = Math.min(bytes.length, 4096) & ~1;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const half = n / 4;
  if (odd > half && even === 0) return 'UTF-16 LE text without a byte-order mark; save it as UTF-8, or as UTF-16 with a byte-order mark';
  if (even > half && odd === 0) return 'UTF-16 BE text without a byte-order mark; save it as UTF-8, or as UTF-16 with a byte-order mark';
  return 'binary file';
}

/**
 * An input file's bytes as text: UTF-8 (a byte-order mark is dropped), or UTF-16 LE/BE with a byte-order mark.
 * Anything else is an InputError that names what the bytes look like (`UTF-16 LE text without a byte-order
 * mark`, `binary file`, `not UTF-8 text`), followed by `expected` (what the file should have been).
 */
export function decodeInputText(bytes: Uint8Array, file: string, expected: string): string {
  const wide = utf16WithBom(bytes);
  if (wide !== undefined) return wide;
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bom ? bytes.subarray(bom) : bytes;
  if (body.includes(0)) throw new InputError(`${file}: ${describeNulBytes(body)}; ${expected}`);
  const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // ASCII is UTF-8 and Latin-1 alike, and Node 20's UTF-8 decoder is slow: 41 ms for the 9.5 MB bench export (as
  // long as JSON.parse of it), where the Latin-1 copy takes 1 ms. AWS exports are nearly always pure ASCII.
  if (isAscii(buffer)) return buffer.toString('latin1');
  if (!isUtf8(body)) throw new InputError(`${file}: not UTF-8 text; save it as UTF-8 (it may be Latin-1 or Windows-1252); ${expected}`);
  return buffer.toString('utf8');
}

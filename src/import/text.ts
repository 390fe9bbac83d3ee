import { InputError } from './input-error.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A file's bytes as UTF-8 text, or an `InputError` saying why they are not: empty, UTF-16/32,
 * binary (a NUL byte), or bytes that are not UTF-8 (which a lenient decoder would silently turn
 * into U+FFFD, changing the values a check reads). One leading UTF-8 byte-order mark is dropped.
 */
export function decodeUtf8File(bytes: Uint8Array, file: string): string {
  if (bytes.length === 0) throw new InputError(file, undefined, 'the file is empty (0 bytes)');
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new InputError(file, undefined, `the file is ${bytes[2] === 0 && bytes[3] === 0 ? 'UTF-32' : 'UTF-16'} encoded; save it as UTF-8`);
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new InputError(file, `byte ${nul}`, 'binary data (a NUL byte): not a text export');
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  try {
    return utf8.decode(bytes.subarray(start));
  } catch {
    throw new InputError(file, `byte ${firstInvalidUtf8(bytes, start)}`, 'not UTF-8 text (an invalid byte sequence); save it as UTF-8');
  }
}

/** The offset of the first byte that does not begin or continue a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array, from: number): number {
  let i = from;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const n = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (n === 0 || i + n > bytes.length) return i;
    try {
      utf8.decode(bytes.subarray(i, i + n));
    } catch {
      return i;
    }
    i += n;
  }
  return i;
}

/**
 * Bad input: a file that is missing, unreadable, malformed or of an unknown format. It is reported
 * as one line naming the file and the place in it, and the scan stops with exit code 2.
 */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly place: string | undefined,
    readonly detail: string,
  ) {
    super(oneLine(place ? `${file}: ${clip(place, 1000)}: ${clip(detail, 500)}` : `${file}: ${clip(detail, 500)}`));
    this.name = 'InputError';
  }
}

/**
 * A hostile file can put a 10 MB value or a path 256 levels deep into a message: keep its start
 * and end, which say what and where, so the error stays one readable line.
 */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const half = Math.floor((max - 1) / 2);
  return `${text.slice(0, half)}…${text.slice(text.length - half)}`;
}

/** File names, keys and V8's messages (`Unexpected token '\n'`) may hold line breaks: escape them. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** A place in a file: a 1-based line for line-oriented files, a record path for JSON documents. */
export interface Place {
  file: string;
  /** Human-readable location, e.g. `line 12` or `configurationItems[3]`. */
  at: string;
  line?: number;
  index?: number;
}

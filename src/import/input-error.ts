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
    super(place ? `${file}: ${place}: ${detail}` : `${file}: ${detail}`);
    this.name = 'InputError';
  }
}

/** A place in a file: a 1-based line for line-oriented files, a record path for JSON documents. */
export interface Place {
  file: string;
  /** Human-readable location, e.g. `line 12` or `configurationItems[3]`. */
  at: string;
  line?: number;
  index?: number;
}

/** A listing that would never end: the service handed back a page token it had already given. */
export class PagingLoop extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PagingLoop';
  }
}

/** More pages than any real listing has (a million resources at 100 a page). */
const MAX_PAGES = 10_000;

/**
 * The next page token of one listing, or `undefined` at its end. A token seen before, or more
 * pages than MAX_PAGES, throws instead of looping: the caller records the listing as failed, and
 * what it would have covered is graded `error`.
 */
export function pageTokens(): (token: string | null | undefined) => string | undefined {
  const seen = new Set<string>();
  return (token) => {
    if (!token) return undefined;
    if (seen.has(token)) throw new PagingLoop('the service returned a page token it had already given; stopped paging rather than loop');
    if (seen.size >= MAX_PAGES) throw new PagingLoop(`more than ${MAX_PAGES} pages; stopped paging`);
    seen.add(token);
    return token;
  };
}

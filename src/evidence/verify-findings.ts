import { z } from 'zod';
import { MANIFEST } from './manifest.js';
import type { VerifyProblem } from './verify.js';

/**
 * `verify` cross-checks what manifest.json states about the scan (the gate's verdict and the
 * counts by status) against findings.json, which the manifest pins: an edit of the manifest alone
 * (`"passed": false` made `true`) then fails verification even where no one recorded its SHA-256.
 * findings.json states its gate and summary before its findings, so only its head is read, however
 * large the file (a million-resource scan writes 6 GB); a file that states neither within its first
 * CROSS_CHECK_LIMIT bytes is not cross-checked, and `verify` says so.
 */

export const FINDINGS = 'findings.json';
export const CROSS_CHECK_LIMIT = 256 * 1024 * 1024;

/** Whether the cross-check ran (it runs only when the manifest states a gate or counts, and findings.json is there). */
export type CrossCheck = { checked: true } | { checked: false; why: string };

const ManifestClaims = z.looseObject({
  gate: z.looseObject({ passed: z.boolean() }).optional(),
  results: z.record(z.string(), z.number()).optional(),
});
const FindingsClaims = { gate: z.looseObject({ passed: z.boolean() }), summary: z.looseObject({ byStatus: z.record(z.string(), z.number()) }) };

export async function crossCheckFindings(manifest: unknown, findings: { size: number } | undefined, read: () => AsyncIterable<Buffer>): Promise<{ problems: VerifyProblem[]; crossCheck?: CrossCheck }> {
  const claims = ManifestClaims.safeParse(manifest);
  if (!claims.success || (!claims.data.gate && !claims.data.results) || !findings) return { problems: [] };
  let fields: Map<string, unknown>;
  const cut = { reached: false };
  try {
    fields = await topLevelFields(head(read(), CROSS_CHECK_LIMIT, cut), Object.keys(FindingsClaims));
  } catch (err) {
    return { problems: [{ path: FINDINGS, problem: `cannot be read to cross-check the manifest: ${err instanceof Error ? err.message : String(err)}` }], crossCheck: { checked: true } };
  }
  if (cut.reached && fields.size === 0) {
    return { problems: [], crossCheck: { checked: false, why: `${FINDINGS} states no gate or summary in its first ${CROSS_CHECK_LIMIT / 2 ** 20} MiB` } };
  }
  const problems: VerifyProblem[] = [];
  const gate = FindingsClaims.gate.safeParse(fields.get('gate'));
  const summary = FindingsClaims.summary.safeParse(fields.get('summary'));
  if (claims.data.gate) {
    if (!gate.success) problems.push({ path: FINDINGS, problem: 'states no gate.passed to cross-check the manifest\'s gate against' });
    else if (gate.data.passed !== claims.data.gate.passed) problems.push({ path: MANIFEST, problem: `states gate.passed ${claims.data.gate.passed}, but ${FINDINGS} says ${gate.data.passed}` });
  }
  if (claims.data.results) {
    if (!summary.success) problems.push({ path: FINDINGS, problem: 'states no summary.byStatus to cross-check the manifest\'s results against' });
    else {
      const differ = countsDiffer(claims.data.results, summary.data.byStatus);
      if (differ.length) problems.push({ path: MANIFEST, problem: `states results ${differ.map((d) => `${d.status} ${d.manifest}`).join(', ')}, but ${FINDINGS} says ${differ.map((d) => `${d.status} ${d.findings}`).join(', ')}` });
    }
  }
  return { problems, crossCheck: { checked: true } };
}

/** At most `limit` bytes of `chunks`; `cut.reached` says whether there were more. */
async function* head(chunks: AsyncIterable<Buffer>, limit: number, cut: { reached: boolean }): AsyncGenerator<Buffer> {
  let n = 0;
  for await (const chunk of chunks) {
    if (n + chunk.length > limit) {
      cut.reached = true;
      yield chunk.subarray(0, limit - n);
      return;
    }
    n += chunk.length;
    yield chunk;
  }
}

function countsDiffer(manifest: Record<string, number>, findings: Record<string, number>): { status: string; manifest: number | string; findings: number | string }[] {
  const statuses = [...new Set([...Object.keys(manifest), ...Object.keys(findings)])];
  return statuses.filter((s) => manifest[s] !== findings[s]).map((s) => ({ status: s, manifest: manifest[s] ?? 'none', findings: findings[s] ?? 'none' }));
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPENERS = new Set([0x7b, 0x5b]);
const CLOSERS = new Set([0x7d, 0x5d]);

/**
 * The values of some top-level keys of a JSON object, from a stream of its bytes. Only the bytes of
 * top-level keys and of the wanted values are kept, and reading stops once every wanted key is
 * found; the first occurrence of a key counts. Throws when a wanted value is not valid JSON.
 */
export async function topLevelFields(chunks: AsyncIterable<Buffer>, keys: readonly string[]): Promise<Map<string, unknown>> {
  const wanted = new Set(keys);
  const found = new Map<string, unknown>();
  let depth = 0;
  let inString = false;
  let escaped = false;
  let expectKey = false;
  let marking: 'key' | 'value' | null = null;
  let parts: Buffer[] = [];
  let from = 0;
  let key = '';
  const take = (chunk: Buffer, to: number): string => {
    parts.push(chunk.subarray(from, to));
    const text = Buffer.concat(parts).toString('utf8');
    parts = [];
    marking = null;
    return text;
  };
  const keep = (chunk: Buffer, to: number): boolean => {
    found.set(key, JSON.parse(take(chunk, to)));
    return found.size === wanted.size;
  };
  for await (const chunk of chunks) {
    from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          inString = false;
          if (marking === 'key') key = JSON.parse(take(chunk, i + 1)) as string;
        }
      } else if (c === QUOTE) {
        inString = true;
        if (depth === 1 && expectKey) {
          marking = 'key';
          from = i;
          expectKey = false;
        }
      } else if (OPENERS.has(c)) {
        if (++depth === 1 && c !== 0x7b) return found;
        if (depth === 1) expectKey = true;
      } else if (CLOSERS.has(c)) {
        if (depth === 1 && marking === 'value' && keep(chunk, i)) return found;
        if (--depth === 0) return found;
      } else if (depth === 1 && c === COLON) {
        if (wanted.has(key) && !found.has(key)) {
          marking = 'value';
          from = i + 1;
        }
      } else if (depth === 1 && c === COMMA) {
        if (marking === 'value' && keep(chunk, i)) return found;
        expectKey = true;
      }
    }
    if (marking) parts.push(chunk.subarray(from));
  }
  return found;
}

import { verifyBundle } from '../evidence/verify.js';

export interface VerifyOutcome {
  ok: boolean;
  output: string;
}

export interface VerifyOptions {
  /** The SHA-256 of manifest.json recorded when the bundle was filed (lower-case hex): pins the manifest too. */
  manifestSha256?: string;
}

/** `safeguard verify DIR|ARCHIVE`: one line per problem, naming the file; a short line when all is well. */
export async function runVerify(path: string, options: VerifyOptions = {}): Promise<VerifyOutcome> {
  const result = await verifyBundle(path);
  const what = result.kind === 'folder' ? path : `${path} (${result.kind})`;
  // A missing or unreadable manifest is a problem already; a readable one must be the one recorded.
  if (options.manifestSha256 && result.manifestSha256 && result.manifestSha256 !== options.manifestSha256) {
    result.problems.unshift({ path: 'manifest.json', problem: `changed: SHA-256 ${result.manifestSha256}, --manifest-sha256 says ${options.manifestSha256}` });
  }
  if (result.problems.length === 0) {
    const pinned = options.manifestSha256 ? ', the one --manifest-sha256 gives' : '';
    const crossed = !result.crossCheck ? '' : result.crossCheck.checked ? '; its gate and counts match findings.json' : `; its gate and counts were not cross-checked against findings.json (${result.crossCheck.why})`;
    return {
      ok: true,
      output: `verified ${result.listed} files and manifest.json in ${what}${result.sbom ? ` (the scanner's SBOM, ${result.sbom}, among them)` : ''}: every SHA-256 matches` + (result.manifestSha256 ? ` (manifest SHA-256 ${result.manifestSha256}${pinned}${result.createdAt ? `, written ${result.createdAt}` : ''})` : '') + crossed + '\n',
    };
  }
  const lines = result.problems.map((p) => `${p.path}: ${p.problem}`);
  if (result.crossCheck && !result.crossCheck.checked) lines.push(`(the manifest's gate and counts were not cross-checked against findings.json: ${result.crossCheck.why})`);
  lines.push(`verification FAILED for ${what}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`);
  return { ok: false, output: lines.join('\n') + '\n' };
}

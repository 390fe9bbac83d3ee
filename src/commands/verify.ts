import { verifyBundle } from '../evidence/verify.js';

export interface VerifyOutcome {
  ok: boolean;
  output: string;
}

/** `safeguard verify DIR|ARCHIVE`: one line per problem, naming the file; a short line when all is well. */
export async function runVerify(path: string): Promise<VerifyOutcome> {
  const result = await verifyBundle(path);
  const what = result.kind === 'folder' ? path : `${path} (${result.kind})`;
  if (result.problems.length === 0) {
    return {
      ok: true,
      output: `verified ${result.listed} files and manifest.json in ${what}${result.sbom ? ` (the scanner's SBOM, ${result.sbom}, among them)` : ''}: every SHA-256 matches` + (result.manifestSha256 ? ` (manifest SHA-256 ${result.manifestSha256}${result.createdAt ? `, written ${result.createdAt}` : ''})` : '') + '\n',
    };
  }
  const lines = result.problems.map((p) => `${p.path}: ${p.problem}`);
  lines.push(`verification FAILED for ${what}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`);
  return { ok: false, output: lines.join('\n') + '\n' };
}

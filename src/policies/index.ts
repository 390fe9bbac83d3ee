import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DRAFT_NOTE, renderPolicy, type PolicyDocument } from './document.js';
import { draftPolicies, type PolicyInput } from './drafts.js';

export type { PolicyInput } from './drafts.js';

/** The drafts as files: one Markdown file per policy, and a README that lists them. */
export function renderPolicies(input: PolicyInput): { path: string; content: string }[] {
  const docs = draftPolicies(input);
  const files = docs.map((d) => ({ path: d.file, content: renderPolicy(d) }));
  return [{ path: 'README.md', content: index(docs, files) }, ...files];
}

/** The first line of the README.md the drafts are written with: how `policies --out` knows an earlier run's folder. */
export const POLICIES_TITLE = '# Security policies (drafts)';

function index(docs: PolicyDocument[], files: { path: string; content: string }[]): string {
  const out = [POLICIES_TITLE, '', DRAFT_NOTE, '', '| Policy | File | Specifications | Cited facts | Blanks to decide |', '|---|---|---|---|---|'];
  docs.forEach((d, i) => {
    const text = files[i]!.content;
    const facts = text.split('\n').filter((l) => l.startsWith('- ') && /\[\^\d+\]/.test(l)).length;
    const blanks = (text.match(/\[\[TO DECIDE:/g) ?? []).length;
    out.push(`| ${d.title} | [${d.file}](${d.file}) | ${d.specifications.map((s) => s.split(' ')[0]).join(', ')} | ${facts} | ${blanks} |`);
  });
  return out.join('\n') + '\n';
}

/** Write the drafts into `dir`, each file whole or not at all; other files in `dir` are left alone. */
export async function writePolicies(dir: string, files: readonly { path: string; content: string }[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const f of files) {
    const target = join(dir, f.path);
    const temp = join(dir, `.${f.path}.${process.pid}.tmp`);
    await writeFile(temp, f.content);
    await rename(temp, target);
  }
}

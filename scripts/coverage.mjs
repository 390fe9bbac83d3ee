// Writes docs/coverage.md, the coverage table, from mappings/ and checks/ through the built CLI
// (`safeguard safeguards --markdown`). Run `npm run coverage`, which builds first.
// `--check` writes nothing and exits 1 when the committed file differs.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const doc = fileURLToPath(new URL('../docs/coverage.md', import.meta.url));
if (!existsSync(cli)) {
  console.error('coverage: dist/cli.js is missing; run `npm run coverage` (it builds first)');
  process.exit(2);
}
const markdown = execFileSync(process.execPath, [cli, 'safeguards', '--markdown'], { encoding: 'utf8' });
const committed = existsSync(doc) ? readFileSync(doc, 'utf8') : '';
if (process.argv.includes('--check')) {
  if (committed !== markdown) {
    console.error('docs/coverage.md is out of date: run npm run coverage');
    process.exit(1);
  }
  console.log('docs/coverage.md is up to date');
} else {
  mkdirSync(new URL('../docs/', import.meta.url), { recursive: true });
  writeFileSync(doc, markdown);
  console.log(committed === markdown ? 'docs/coverage.md was already up to date' : 'wrote docs/coverage.md');
}

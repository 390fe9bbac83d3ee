// dist/catalogue.json: the checks' metadata and the validated mappings, so `safeguard checks` and
// `safeguard safeguards` start without importing every check or parsing YAML (src/engine/prebuilt-catalogue.ts).
// A check or mapping that does not load fails the build, as it would fail every run of the CLI.
import { writeCatalogue } from '../dist/src/engine/prebuilt-catalogue.js';

try {
  const catalogue = await writeCatalogue();
  if (!catalogue) {
    process.stderr.write('write-catalogue: dist/ or mappings/ changed while the catalogue was built (another build?); none written, the CLI loads the checks live until the next build\n');
  } else if (process.argv.includes('--verbose')) {
    process.stdout.write(`dist/catalogue.json: ${catalogue.checks.length} checks, sources ${catalogue.sources.slice(0, 12)}\n`);
  }
} catch (err) {
  process.stderr.write(`write-catalogue: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}

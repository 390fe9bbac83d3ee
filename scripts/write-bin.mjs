// tsc keeps the source tree's shape (dist/src, dist/checks); the published bin is dist/cli.js.
import { writeFileSync, chmodSync } from 'node:fs';
const bin = new URL('../dist/cli.js', import.meta.url);
writeFileSync(bin, "#!/usr/bin/env node\nimport { main } from './src/cli.js';\nprocess.exitCode = await main(process.argv);\n");
chmodSync(bin, 0o755);

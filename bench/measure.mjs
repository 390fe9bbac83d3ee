// `node bench/measure.mjs SCRIPT ARGS...`: run SCRIPT (the built CLI, say) in this process as if it
// were started directly, and on exit write one line to stderr with its wall time, CPU time and peak
// resident memory (process.resourceUsage().maxRSS), which include everything the process did.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const started = performance.now();
const [script, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], resolve(script), ...args];
process.on('exit', (code) => {
  const u = process.resourceUsage();
  process.stderr.write(`\nBENCH ${JSON.stringify({ wallMs: Math.round(performance.now() - started), cpuMs: Math.round((u.userCPUTime + u.systemCPUTime) / 1000), maxRssMB: Math.round(u.maxRSS / 1024), exitCode: code })}\n`);
});
await import(pathToFileURL(resolve(script)).href);

import type { WaiverReport } from '../engine/waivers.js';
import type { WrittenBundle } from './bundle.js';

/** The console's line about waivers, under the results line; none without a waiver file. */
export function waiverSummaryLine(report: WaiverReport, waivedResults: number): string | undefined {
  if (!report.file) return undefined;
  const c = report.counts;
  const parts = [`${c.applied} applied (${waivedResults} result${waivedResults === 1 ? '' : 's'} waived)`];
  if (c.expired) parts.push(`${c.expired} expired`);
  if (c.stale) parts.push(`${c.stale} stale`);
  if (c.invalid) parts.push(`${c.invalid} invalid`);
  const attention = c.expired + c.stale + c.invalid;
  return wrap80(`Waivers (${report.file}): ${parts.join(', ')}${attention ? '; see safeguards.md for why' : ''}.`);
}

/** The console's closing lines about the bundle written. */
export function bundleSummary(bundle: WrittenBundle): string {
  return (
    wrap80(`Evidence bundle: ${bundle.path} (${bundle.files} files and manifest.json). Check it later with: safeguard verify ${bundle.path}`) +
    `\nSHA-256 of its manifest.json (record it where you file the bundle):\n  ${bundle.manifestSha256}\n`
  );
}

/** Word-wrap a summary line to 80 columns; continuation lines are indented two spaces. */
export function wrap80(text: string): string {
  const width = 80;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').flatMap((w) => (w.length <= width - 2 ? [w] : (w.match(/.{1,78}/g) ?? [w])))) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = `  ${word}`;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

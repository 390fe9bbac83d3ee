import type { EphiScope } from '../engine/scope.js';
import type { ImportedFile, SkippedPath } from '../import/index.js';
import type { ScanReport } from '../report/scan-report.js';

/**
 * Lines the scan summary adds to the console's: what the input walk left out, what a Terraform
 * plan holds that no check grades, and a warning when nothing at all was graded. A CI gate that
 * passes on nothing must say so, not look like a clean estate. They are one line each (the console
 * wraps them) and go into findings.json as `warnings`, which the job summary and report.html show.
 */

/** Types and paths named in one line before "and N more". */
const MAX_NAMED = 10;

/** One line per path the input walk left out, so nothing is skipped silently. */
export function skippedLines(skipped: readonly SkippedPath[]): string[] {
  const lines = skipped.slice(0, MAX_NAMED).map((s) => `Skipped ${s.path}: ${s.reason}.`);
  if (skipped.length > MAX_NAMED) lines.push(`Skipped ${skipped.length - MAX_NAMED} more the same way.`);
  return lines;
}

/** A plan's resources of Terraform types nothing translates yet: no check sees them, so name them. */
export function terraformLines(files: readonly ImportedFile[]): string[] {
  return files.flatMap((f) => {
    const types = Object.entries(f.terraform?.untranslated ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
    if (!types.length) return [];
    const n = types.reduce((sum, [, count]) => sum + count, 0);
    const kinds = types.length === 1 ? 'a Terraform type' : 'Terraform types';
    return [`Not graded in ${f.file}: ${n} resource${plural(n)} of ${kinds} no check grades yet: ${named(types)}.`];
  });
}

/** Why a scan graded no resource with a check of its own type; undefined when it graded some. */
export function nothingGradedLine(report: ScanReport, scope: EphiScope): string | undefined {
  const s = report.summary;
  if (s.assessed > 0) return undefined;
  const reasons: string[] = [];
  if (s.outOfScope) {
    const which = s.outOfScope === s.resources ? `all ${s.resources}` : `${s.outOfScope} of ${s.resources}`;
    reasons.push(`${which} resources are out of scope by --scope ephi: none has a tag key in ${scope.keys.join(', ')} with a value in ${scope.values.join(', ')} (--ephi-tag-keys, --ephi-tag-values)`);
  }
  if (s.unassessed.total) {
    const types = Object.entries(s.unassessed.byType).map(([label, count]): [string, number] => [label.slice(label.indexOf(':') + 1), count]);
    // Every resource still gets the `*` eligible-service check of its cloud, which is not its own type's.
    const only = report.findings.length ? ' (only the HIPAA-eligible-service check)' : '';
    reasons.push(`${s.outOfScope ? 'the other ' : ''}${s.unassessed.total} resource${plural(s.unassessed.total)} ${s.unassessed.total === 1 ? 'has' : 'have'} no check of their own type${only}: ${named(types)}`);
  }
  reasons.push(...report.scan.inputs.flatMap(planReasons));
  if (!reasons.length) reasons.push('the scan found no resources');
  return `Warning: graded 0 resources${report.gate.passed ? ', so the gate passed on nothing' : ''}: ${reasons.join('; ')}.`;
}

/** What a Terraform plan held that became no graded resource. */
function planReasons(f: ImportedFile): string[] {
  const t = f.terraform;
  if (!t) return [];
  const untranslated = Object.values(t.untranslated).reduce((sum, n) => sum + n, 0);
  return [
    ...(untranslated ? [`${f.file} holds ${untranslated} resource${plural(untranslated)} of Terraform types no check grades (named above)`] : []),
    ...(t.notGraded.length ? [`${f.file} deletes or forgets ${t.notGraded.length} resource${plural(t.notGraded.length)} (not graded)`] : []),
    ...(t.unlinked.length ? [`${t.unlinked.length} in ${f.file} configure a resource the plan does not hold`] : []),
  ];
}

/** `type (count)`, the first MAX_NAMED of them. */
function named(types: [string, number][]): string {
  const list = types.slice(0, MAX_NAMED).map(([type, count]) => `${type} (${count})`);
  if (types.length > MAX_NAMED) list.push(`and ${types.length - MAX_NAMED} more types`);
  return list.join(', ');
}

/** Put `lines` before the first summary line that `anchor` matches (or at the end when none does). */
export function insertBefore(summary: string, anchor: RegExp, lines: readonly string[]): string {
  if (!lines.length) return summary;
  const text = lines.map((l) => `${l}\n`).join('');
  const at = summary.search(anchor);
  return at < 0 ? summary + text : summary.slice(0, at) + text + summary.slice(at);
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}

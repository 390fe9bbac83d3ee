import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeAttestations, loadAttestations, parseAttestations } from '../src/assess/attestations.js';
import { joinedOutcome } from '../src/assess/join.js';
import { loadQuestions } from '../src/assess/questions.js';
import { runCli } from './support/cli.js';

const questions = loadQuestions();
const FIXTURE = 'fixtures/attestations/safeguard.attestations.yaml';
const tmp = () => mkdtempSync(join(tmpdir(), 'sg-attest-'));

/** The one-line message a bad file is refused with (the CLI prints it after "safeguard: error: "). */
function refusal(yaml: string): string {
  try {
    parseAttestations(yaml, 'safeguard.attestations.yaml', questions);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the file to be refused');
}

const answer = (extra: string, citation = '164.308(a)(2)', answerValue = 'implemented') =>
  `answers:\n  - citation: ${citation}\n    answer: ${answerValue}\n    answeredBy: Dana Whitfield\n    answeredOn: 2026-03-02\n    nextReview: 2027-03-02\n${extra}`;

describe('safeguard.attestations.yaml: hand-written files that are accepted', () => {
  it('reads the demo fixture: 43 answers, each with the line of its entry', async () => {
    const set = await loadAttestations(FIXTURE, questions);
    expect(set.organization).toBe('Lumen Health (fictional)');
    expect(set.answers).toHaveLength(43);
    const risk = set.answers.find((a) => a.citation === '164.308(a)(1)(ii)(A)')!;
    expect(risk).toMatchObject({ answer: 'implemented', answeredBy: 'Dana Whitfield, Security Official', answeredOn: '2026-03-02', nextReview: '2027-03-02' });
    expect(readFileSync(FIXTURE, 'utf8').split('\n')[risk.line - 1]).toContain('- citation: 164.308(a)(1)(ii)(A)');
  });

  it('accepts a comment-only file (nothing answered yet), a single evidence map, and dates YAML 1.1 would read as timestamps', () => {
    expect(parseAttestations('# nothing yet\n', 'f.yaml', questions).answers).toEqual([]);
    const one = parseAttestations(answer('    evidence:\n      link: https://docs.example/appointment\n'), 'f.yaml', questions).answers[0]!;
    expect(one.evidence).toEqual([{ link: 'https://docs.example/appointment' }]);
    const tagged = parseAttestations(answer('').replace('answeredOn: 2026-03-02', 'answeredOn: !!timestamp 2026-03-02'), 'f.yaml', questions).answers[0]!;
    expect(tagged.answeredOn).toBe('2026-03-02');
  });

  it('records the decision of an Addressable specification: an alternative (which) or not reasonable (why)', () => {
    const alt = parseAttestations(answer('    alternative: Reference checks instead of background checks.\n', '164.308(a)(3)(ii)(B)', 'alternative'), 'f.yaml', questions).answers[0]!;
    expect(alt).toMatchObject({ answer: 'alternative', alternative: 'Reference checks instead of background checks.' });
    const nr = parseAttestations(answer('    reason: No office.\n', '164.310(a)(2)(iv)', 'not-reasonable'), 'f.yaml', questions).answers[0]!;
    expect(nr).toMatchObject({ answer: 'not-reasonable', reason: 'No office.' });
  });
});

describe('safeguard.attestations.yaml: bad files are refused with the file and line', () => {
  it.each([
    ['bad YAML', 'answers:\n  - citation: [unclosed\n', /^safeguard\.attestations\.yaml: line \d+: invalid YAML/],
    ['a list at the top', '- citation: 164.308(a)(2)\n', /line 1: expected a map with "answers:"/],
    ['an unknown top-level key', 'version: 1\nanwsers: []\n', /line 2: unknown field "anwsers" \(expected version, organization, answers\)/],
    ['an unknown field in an answer', answer('    approver: someone\n'), /line 7: answers\[0\]: unknown field "approver" \(expected citation, answer, alternative, reason, notes, answeredBy, answeredOn, nextReview, evidence\)/],
    ['a citation with no question', answer('', '164.312(b)'), /line 2: answers\[0\]\.citation: no question for "164\.312\(b\)"/],
    ['a citation spelt with spaces', answer('', '164.308 (a)(2)'), /did you mean 164\.308\(a\)\(2\)\?/],
    ['an answer that is not one of the list', answer('', '164.308(a)(2)', 'yes'), /line 3: answers\[0\]\.answer: "yes" is not one of implemented, partial, not-implemented, alternative, not-reasonable, not-applicable/],
    ['an alternative to a Required specification', answer('    alternative: x\n', '164.308(a)(2)', 'alternative'), /line 3: answers\[0\]\.answer: 164\.308\(a\)\(2\) is Required, so it must be implemented/],
    ['"not applicable" where the rule applies to everyone', answer('    reason: x\n', '164.308(a)(2)', 'not-applicable'), /cannot be "not applicable"/],
    ['an alternative without the measure', answer('', '164.312(a)(2)(iii)', 'alternative'), /line 2: answers\[0\]: answer "alternative" needs alternative: the equivalent measure/],
    ['not reasonable without the reason', answer('', '164.312(a)(2)(iii)', 'not-reasonable'), /answer "not-reasonable" needs reason/],
    ['a missing answeredBy', answer('').replace('    answeredBy: Dana Whitfield\n', ''), /line 2: answers\[0\]\.answeredBy: missing/],
    ['a date that is not a date', answer('').replace('answeredOn: 2026-03-02', 'answeredOn: 2026-02-30'), /line 5: answers\[0\]\.answeredOn: not a date: expected YYYY-MM-DD, got "2026-02-30"/],
    ['a review date before the answer', answer('').replace('nextReview: 2027-03-02', 'nextReview: 2026-01-01'), /line 6: answers\[0\]\.nextReview: 2026-01-01 is not after answeredOn \(2026-03-02\)/],
    ['evidence with both a file and a link', answer('    evidence:\n      - file: a.pdf\n        link: https://x\n'), /answers\[0\]\.evidence\[0\]: give either file \(a path\) or link \(a URL\)/],
    ['a SHA-256 that is not one', answer('    evidence:\n      - file: a.pdf\n        sha256: abc\n'), /line 9: answers\[0\]\.evidence\[0\]\.sha256: must be a SHA-256/],
    ['the same specification answered twice', answer('') + answer('').replace('answers:\n', ''), /line 7: answers\[1\]: 164\.308\(a\)\(2\) is answered twice \(first in answers\[0\]\)/],
  ])('%s', (_name, yaml, message) => {
    const text = refusal(yaml);
    expect(text).toMatch(message);
    expect(text).not.toContain('\n');
  });
});

describe('judging answers on a date', () => {
  it('the demo: answered, expired, unverified (evidence changed), not applicable, gaps and unanswered', async () => {
    const set = await loadAttestations(FIXTURE, questions);
    const { byCitation, report } = await judgeAttestations(set, questions, '2026-11-25');
    expect(report.counts).toEqual({ answered: 41, expired: 1, unverified: 1, unanswered: 3 });
    expect(report.results).toEqual({ met: 33, gap: 7, not_applicable: 1 });
    expect(byCitation.get('164.308(a)(5)(ii)(A)')).toMatchObject({ state: 'expired', result: null, answer: 'implemented', nextReview: '2026-06-30' });
    const incident = byCitation.get('164.308(a)(6)(ii)')!;
    expect(incident.state).toBe('unverified');
    expect(incident.evidence[0]).toMatchObject({ file: 'evidence/incident-log.md', verified: false, recorded: 'f5ea3c01b4152226d6d0680540c7c1f7753c2967d5c62765b49deee0b8027536' });
    expect(incident.problems[0]).toMatch(/changed after it was attested/);
    expect(byCitation.get('164.308(a)(1)(ii)(A)')!.evidence[0]).toMatchObject({ verified: true, sha256: 'c4b6e4cbdc5c96fd65d8ebf5f488f53bc0beb9b4465ef9672a09e64dd2692afa' });
    expect(byCitation.get('164.308(a)(4)(ii)(A)')).toMatchObject({ state: 'answered', result: 'not_applicable' });
    expect(byCitation.get('164.310(a)(2)(iv)')).toMatchObject({ state: 'answered', result: 'met', answer: 'not-reasonable' });
    expect(byCitation.get('164.308(a)(7)(ii)(D)')).toMatchObject({ state: 'answered', result: 'gap' });
    expect(byCitation.get('164.312(a)(2)(iii)')).toMatchObject({ state: 'unanswered', answer: null });
  });

  it('a missing evidence file, or an answer dated after the scan, does not count; an unpinned file gets its hash computed', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'plan.md'), 'the plan');
    const file = join(dir, 'a.yaml');
    writeFileSync(file, answer('    evidence:\n      - file: plan.md\n') + answer('    evidence:\n      - file: gone.pdf\n', '164.308(a)(8)').replace('answers:\n', ''));
    const set = await loadAttestations(file, questions);
    const { byCitation } = await judgeAttestations(set, questions, '2026-11-25');
    expect(byCitation.get('164.308(a)(2)')).toMatchObject({ state: 'answered', evidence: [{ file: 'plan.md', recorded: null, verified: null, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }] });
    expect(byCitation.get('164.308(a)(8)')).toMatchObject({ state: 'unverified', problems: ['Evidence file gone.pdf is missing or unreadable.'] });
    const early = await judgeAttestations(set, questions, '2026-01-01');
    expect(early.byCitation.get('164.308(a)(2)')).toMatchObject({ state: 'unverified', problems: ['It is dated 2026-03-02, after the scan (2026-01-01).'] });
  });

  it('joins an answer to the automated outcome: it decides where no check does, and an attested gap fails the rest', () => {
    const a = (state: 'answered' | 'expired', result: 'met' | 'gap') => ({ state, result: state === 'answered' ? result : null }) as Parameters<typeof joinedOutcome>[1];
    expect(joinedOutcome('manual', a('answered', 'met'))).toBe('pass');
    expect(joinedOutcome('manual', a('answered', 'gap'))).toBe('fail');
    expect(joinedOutcome('manual', a('expired', 'met'))).toBe('manual');
    expect(joinedOutcome('not_assessed', a('answered', 'met'))).toBe('pass');
    expect(joinedOutcome('pass', a('answered', 'gap'))).toBe('fail');
    expect(joinedOutcome('error', a('answered', 'met'))).toBe('error');
    expect(joinedOutcome('fail', a('answered', 'met'))).toBe('fail');
  });
});

describe('safeguard assess --non-interactive and scan --attestations on bad files', () => {
  it('prints the gap report of the demo file, exit 0', () => {
    const r = runCli(['assess', '--attestations', FIXTURE, '--non-interactive', '--as-of', '2026-11-25']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/46 questions: 41 answered \(33 met, 7 gaps, 1 not applicable\), 1 expired, 1\s+unverified, 3 unanswered/);
    expect(r.stdout).toMatch(/^164\.308\(a\)\(5\)\(ii\)\(A\)\s+Security reminders\s+A\s+EXPIRED 2026-06-30$/m);
    expect(r.stdout).toMatch(/^164\.310\(a\)\(2\)\(iv\)\s+Maintenance records\s+A\s+not-reasonable$/m);
    for (const line of r.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it('--json gives the counts and each question', () => {
    const r = runCli(['assess', '--attestations', FIXTURE, '--json', '--as-of', '2026-11-25']);
    const json = JSON.parse(r.stdout) as { counts: Record<string, number>; answers: { citation: string; state: string }[] };
    expect(json.counts.unanswered).toBe(3);
    expect(json.answers.filter((a) => a.state === 'unanswered').map((a) => a.citation)).toEqual(['164.310(d)(2)(iii)', '164.310(d)(2)(iv)', '164.312(a)(2)(iii)']);
  });

  it('refuses a bad file with exit 2 and one line; scan writes nothing', () => {
    const dir = tmp();
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, answer('', '164.308(a)(2)', 'alternative'));
    const r = runCli(['assess', '--attestations', bad, '--non-interactive']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^safeguard: error: .*bad\.yaml: line 3: answers\[0\]\.answer: 164\.308\(a\)\(2\) is Required/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const out = join(dir, 'evidence');
    const s = runCli(['scan', '--input', 'fixtures/demo', '--attestations', bad, '--out', out]);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/bad\.yaml: line 3/);
    expect(existsSync(out)).toBe(false);
    const missing = runCli(['assess', '--attestations', join(dir, 'none.yaml'), '--non-interactive']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/none\.yaml: no such attestation file \(safeguard assess writes one\)/);
  });
});

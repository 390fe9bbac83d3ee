import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseAttestations, sha256File } from '../src/assess/attestations.js';
import { runQuestionnaire, type QuestionnaireResult } from '../src/assess/questionnaire.js';
import { loadQuestions } from '../src/assess/questions.js';

/**
 * `safeguard assess` in a terminal, driven in-process: keystrokes are written to the prompt
 * library's input stream (arrow keys, Enter, Backspace, Ctrl+C), and the test waits for each
 * prompt to appear on its output stream before answering it.
 */

const questions = loadQuestions();
const KEY = { down: '\x1b[B', enter: '\r', backspace: '\x7f', ctrlC: '\x03' };
const strip = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

class Terminal {
  readonly input = new PassThrough();
  readonly output = new PassThrough();
  private screen = '';
  private read = 0;

  constructor() {
    this.output.on('data', (d: Buffer) => (this.screen += strip(d.toString())));
  }

  /** Wait until `re` appears in what was written since the last wait; returns the new text. */
  async waitFor(re: RegExp, timeoutMs = 5000): Promise<string> {
    const start = Date.now();
    for (;;) {
      const fresh = this.screen.slice(this.read);
      const m = re.exec(fresh);
      if (m) {
        this.read += m.index + m[0].length;
        return fresh;
      }
      if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${re}; screen since last wait:\n${fresh.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async type(...keys: string[]): Promise<void> {
    for (const k of keys) {
      this.input.write(k);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Wait for a prompt, then answer it. */
  async answer(prompt: RegExp, ...keys: string[]): Promise<string> {
    const seen = await this.waitFor(prompt);
    await this.type(...keys);
    return seen;
  }
}

function session(file: string, today = '2026-11-25', all = false): { term: Terminal; done: Promise<QuestionnaireResult> } {
  const term = new Terminal();
  const done = runQuestionnaire({ file, questions, today, all, input: term.input, output: term.output });
  return { term, done };
}

const read = (file: string) => parseAttestations(readFileSync(file, 'utf8'), file, questions).answers;

describe('safeguard assess in a terminal', () => {
  it('asks with arrow keys, saves after each answer, shows "n of 46", and stops on request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-assess-'));
    const file = join(dir, 'safeguard.attestations.yaml');
    const evidence = join(dir, 'policy-v3.md');
    writeFileSync(evidence, '# Information security policy v3\n');
    const { term, done } = session(file);

    const intro = await term.waitFor(/46 questions, 0 answered, 46 to go/);
    expect(intro).toMatch(/gap questionnaire/);
    await term.answer(/Who is answering\?/, ...'Dana Whitfield, Security Official', KEY.enter);

    const first = await term.answer(/1 of 46 · 164\.308\(a\)\(1\)\(i\) Security management process \(Standard\)/, KEY.enter);
    expect(first).not.toMatch(/equivalent alternative/); // Required: no 164.306(d)(3) decision offered
    await term.answer(/What is in place/, ...'Policy v3, approved by the CTO.', KEY.enter);
    await term.answer(/Evidence: a file or a link/, ...evidence, KEY.enter);
    await term.answer(/Next review date/, KEY.enter);
    // The answer is on disk before the next question is asked.
    await term.waitFor(/2 of 46 · 164\.308\(a\)\(1\)\(ii\)\(A\) Risk analysis \(Required\)/);
    expect(read(file)).toHaveLength(1);
    await term.type(KEY.down, KEY.down, KEY.enter); // Not implemented (a gap)
    await term.answer(/What is in place/, KEY.enter);
    await term.answer(/Evidence: a file or a link/, KEY.enter);
    await term.answer(/Next review date/, KEY.enter);
    await term.answer(/3 of 46 · 164\.308\(a\)\(1\)\(ii\)\(B\)/, KEY.down, KEY.down, KEY.down, KEY.down, KEY.enter); // Save and stop
    const result = await done;
    expect(result).toEqual({ saved: 2, remaining: 44, stopped: true });
    await term.waitFor(/Stopped\. 2 answers saved .*44 to go/s);

    const answers = read(file);
    expect(answers.map((a) => [a.citation, a.answer])).toEqual([
      ['164.308(a)(1)(i)', 'implemented'],
      ['164.308(a)(1)(ii)(A)', 'not-implemented'],
    ]);
    expect(answers[0]).toMatchObject({
      answeredBy: 'Dana Whitfield, Security Official',
      answeredOn: '2026-11-25',
      nextReview: '2027-11-25',
      notes: 'Policy v3, approved by the CTO.',
      evidence: [{ file: 'policy-v3.md', sha256: await sha256File(evidence) }],
    });
  });

  it('resumes where it stopped, keeps what the file already held, and Ctrl+C stops with everything saved', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-assess-'));
    const file = join(dir, 'answers.yaml');
    writeFileSync(file, `# Our answers; reviewed in pull requests.
version: 1
organization: Example Clinic
answers:
  # kept as written
  - citation: 164.308(a)(1)(i)
    answer: implemented
    answeredBy: Priya Raman, CTO
    answeredOn: 2026-03-02
    nextReview: 2027-03-02
  - citation: 164.308(a)(1)(ii)(C)
    answer: implemented
    answeredBy: Priya Raman, CTO
    answeredOn: 2026-03-02
    nextReview: 2027-03-02
`);
    const { term, done } = session(file);
    await term.waitFor(/46 questions, 2 answered, 44 to go/);
    await term.answer(/Who is answering\?/, KEY.enter); // keeps the last name on file
    // Resumes at the first question without an answer: position 2 of the whole questionnaire.
    await term.answer(/2 of 46 · 164\.308\(a\)\(1\)\(ii\)\(A\) Risk analysis/, KEY.down, KEY.enter); // Partly implemented
    await term.answer(/What is in place/, ...'Draft only.', KEY.enter);
    await term.answer(/Evidence: a file or a link/, KEY.enter);
    await term.answer(/Next review date/, KEY.enter);
    // 164.308(a)(1)(ii)(C) is answered and current, so it is skipped: (B) at 3, then (D) at 5.
    await term.answer(/3 of 46 · 164\.308\(a\)\(1\)\(ii\)\(B\)/, KEY.down, KEY.down, KEY.down, KEY.enter); // Skip for now
    await term.answer(/5 of 46 · 164\.308\(a\)\(1\)\(ii\)\(D\)/, KEY.ctrlC);
    expect(await done).toEqual({ saved: 1, remaining: 43, stopped: true });

    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^# Our answers; reviewed in pull requests\.\nversion: 1\norganization: Example Clinic\n/);
    expect(text).toMatch(/# kept as written\n  - citation: 164\.308\(a\)\(1\)\(i\)\n/);
    const answers = read(file);
    expect(answers.map((a) => a.citation)).toEqual(['164.308(a)(1)(i)', '164.308(a)(1)(ii)(A)', '164.308(a)(1)(ii)(C)']);
    expect(answers[1]).toMatchObject({ answer: 'partial', answeredBy: 'Priya Raman, CTO', notes: 'Draft only.', nextReview: '2027-11-25' });
  });

  it('records an Addressable decision (the alternative), a link, and refuses a review date in the past', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-assess-'));
    const file = join(dir, 'answers.yaml');
    // Everything answered but automatic logoff, an Addressable specification.
    const others = questions.filter((q) => q.citation !== '164.312(a)(2)(iii)').map((q) => ({
      citation: q.citation,
      answer: q.mayNotApply ? 'not-applicable' : 'implemented',
      ...(q.mayNotApply ? { reason: 'No clearinghouse.' } : {}),
      answeredBy: 'Sam Patel',
      answeredOn: '2026-03-02',
      nextReview: '2027-03-02',
    }));
    writeFileSync(file, stringify({ version: 1, answers: others }));
    const { term, done } = session(file);
    await term.answer(/Who is answering\?/, KEY.enter);
    const q = await term.waitFor(/45 of 46 · 164\.312\(a\)\(2\)\(iii\) Automatic logoff \(Addressable\)/);
    expect(q).toMatch(/Do sessions that show ePHI/);
    await term.waitFor(/Not reasonable and appropriate here/);
    await term.type(KEY.down, KEY.down, KEY.down, KEY.enter); // An equivalent alternative measure
    await term.answer(/Which equivalent alternative measure/, ...'Workstations lock after 5 minutes through MDM.', KEY.enter);
    await term.answer(/Why is the specification not implemented as written/, KEY.enter);
    await term.answer(/What is in place/, KEY.enter);
    await term.answer(/Evidence: a file or a link/, ...'https://wiki.example/mdm-screen-lock', KEY.enter);
    await term.answer(/Next review date/, ...Array(10).fill(KEY.backspace), ...'2026-01-01', KEY.enter);
    await term.waitFor(/The next review must be after today/);
    await term.type(...Array(10).fill(KEY.backspace), ...'2027-06-30', KEY.enter);
    expect(await done).toEqual({ saved: 1, remaining: 0, stopped: false });
    const logoff = read(file).find((a) => a.citation === '164.312(a)(2)(iii)')!;
    expect(logoff).toMatchObject({ answer: 'alternative', alternative: 'Workstations lock after 5 minutes through MDM.', answeredBy: 'Sam Patel', nextReview: '2027-06-30', evidence: [{ link: 'https://wiki.example/mdm-screen-lock' }] });
    // It went where its question comes, between (a)(2)(ii) and (d).
    const order = read(file).map((a) => a.citation);
    expect(order.indexOf('164.312(a)(2)(iii)')).toBe(order.indexOf('164.312(a)(2)(ii)') + 1);
  });

  it('has nothing to ask when every answer is current, and asks every question with --all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-assess-'));
    const file = join(dir, 'answers.yaml');
    writeFileSync(file, stringify({ answers: questions.map((q) => ({ citation: q.citation, answer: q.mayNotApply ? 'not-applicable' : 'implemented', ...(q.mayNotApply ? { reason: 'n/a' } : {}), answeredBy: 'A', answeredOn: '2026-03-02', nextReview: '2027-03-02' })) }));
    const quiet = session(file);
    await quiet.term.waitFor(/Every question has a current answer/);
    expect(await quiet.done).toEqual({ saved: 0, remaining: 0, stopped: false });
    const all = session(file, '2026-11-25', true);
    await all.term.answer(/Who is answering\?/, KEY.enter);
    const shown = await all.term.waitFor(/1 of 46 · 164\.308\(a\)\(1\)\(i\)/);
    await all.term.waitFor(/Current answer: Implemented, by A on 2026-03-02, review due 2027-03-02/);
    expect(shown).toBeTruthy();
    await all.term.type(KEY.ctrlC);
    expect(await all.done).toMatchObject({ saved: 0, stopped: true });
  });

  it('an expired answer is asked again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-assess-'));
    const file = join(dir, 'answers.yaml');
    writeFileSync(file, stringify({ answers: questions.map((q) => ({ citation: q.citation, answer: q.mayNotApply ? 'not-applicable' : 'implemented', ...(q.mayNotApply ? { reason: 'n/a' } : {}), answeredBy: 'A', answeredOn: '2025-03-02', nextReview: q.citation === '164.310(c)' ? '2026-03-02' : '2027-03-02' })) }));
    const { term, done } = session(file);
    await term.waitFor(/45 answered, 1 to go/);
    await term.answer(/Who is answering\?/, KEY.enter);
    await term.answer(/37 of 46 · 164\.310\(c\) Workstation security/, KEY.ctrlC);
    expect(await done).toMatchObject({ saved: 0, remaining: 1, stopped: true });
  });
});

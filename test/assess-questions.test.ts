import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answersFor, loadQuestions } from '../src/assess/questions.js';
import { loadChecks } from '../src/engine/registry.js';
import { loadMappings } from '../src/mappings/index.js';

/**
 * The reference's Security Standards Matrix (§1.1-§1.3 of ../shared/reference/security-rule.md):
 * every row of 164.308, 164.310 and 164.312 with its exact title and R/A.
 */
function referenceRows(): { id: string; title: string; status: 'required' | 'addressable'; kind: 'standard' | 'specification' }[] {
  const text = readFileSync(new URL('../../shared/reference/security-rule.md', import.meta.url), 'utf8');
  const rows = [];
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const id = /^(164\.3(08|10|12)\([^ ]*?)(?: ³)?$/.exec(cells[1] ?? '')?.[1];
    if (!id || cells.length < 6) continue;
    const [standard, spec, ra] = [cells[2]!, cells[3]!, cells[4]!];
    const noSpec = spec.startsWith('—');
    rows.push({
      id,
      title: noSpec ? standard : spec,
      // A standard with specifications ("Std") is listed as a Required standard, graded through them.
      status: (ra.startsWith('A') ? 'addressable' : 'required') as 'required' | 'addressable',
      kind: (noSpec ? 'standard' : 'specification') as 'standard' | 'specification',
    });
  }
  return rows;
}

describe('mappings/safeguards.yaml: the whole of 164.308, 164.310 and 164.312', () => {
  const { safeguards } = loadMappings();
  const byId = new Map(safeguards.map((s) => [s.id, s]));
  const reference = referenceRows();

  it('reads all 54 rows of the reference matrix (18 standards, 36 specifications)', () => {
    expect(reference).toHaveLength(54);
    expect(reference.filter((r) => r.kind === 'specification')).toHaveLength(36);
  });

  it('holds every standard and specification with its exact title and Required/Addressable status', () => {
    for (const r of reference) {
      const entry = byId.get(r.id);
      expect(entry, r.id).toBeDefined();
      expect(entry!.title, r.id).toBe(r.title);
      expect(entry!.status, r.id).toBe(r.status);
      expect(entry!.kind, r.id).toBe(r.kind);
    }
    expect(safeguards).toHaveLength(reference.length);
  });

  it('gives each specification the standard it belongs to', () => {
    expect(byId.get('164.308(b)(3)')).toMatchObject({ standardCitation: '164.308(b)(1)', standard: 'Business associate contracts and other arrangements' });
    expect(byId.get('164.310(d)(2)(i)')).toMatchObject({ standardCitation: '164.310(d)(1)', standard: 'Device and media controls' });
    expect(byId.get('164.308(a)(3)(ii)(B)')?.status).toBe('addressable');
  });

  it('is in citation order', () => {
    expect(safeguards.map((s) => s.id)).toEqual(reference.map((r) => r.id));
  });
});

describe('mappings/questions.yaml', () => {
  const questions = loadQuestions();
  const { safeguards, checkSafeguards } = loadMappings();

  it('every catalogue entry has a check mapping or a question', async () => {
    const checks = new Set((await loadChecks()).map((c) => c.id));
    const checked = new Set([...checkSafeguards].filter(([id]) => checks.has(id)).flatMap(([, citations]) => citations));
    const asked = new Set(questions.map((q) => q.citation));
    const neither = safeguards.filter((s) => !checked.has(s.id) && !asked.has(s.id)).map((s) => s.id);
    expect(neither, 'add a question to mappings/questions.yaml or map a check').toEqual([]);
  });

  it('asks about every standard and specification of 164.308 and 164.310, none of which configuration decides alone', () => {
    const asked = new Set(questions.map((q) => q.citation));
    for (const s of safeguards.filter((x) => !x.id.startsWith('164.312'))) expect(asked.has(s.id), s.id).toBe(true);
  });

  it('states each question in plain language with its citation, status, and the evidence that answers it', () => {
    const byId = new Map(safeguards.map((s) => [s.id, s]));
    for (const q of questions) {
      expect(byId.get(q.citation)?.status, q.citation).toBe(q.status);
      expect(q.question, q.citation).toMatch(/\?$/);
      expect(q.evidence.length, q.citation).toBeGreaterThan(20);
      expect(q.policies.length, q.citation).toBeGreaterThan(0);
    }
  });

  it('offers the decisions of 164.306(d)(3) only for Addressable specifications, and "not applicable" only where the rule allows', () => {
    const risk = questions.find((q) => q.citation === '164.308(a)(1)(ii)(A)')!;
    expect(answersFor(risk)).toEqual(['implemented', 'partial', 'not-implemented']);
    const logoff = questions.find((q) => q.citation === '164.312(a)(2)(iii)')!;
    expect(answersFor(logoff)).toEqual(['implemented', 'partial', 'not-implemented', 'alternative', 'not-reasonable']);
    const clearinghouse = questions.find((q) => q.citation === '164.308(a)(4)(ii)(A)')!;
    expect(answersFor(clearinghouse)).toContain('not-applicable');
    expect(questions.filter((q) => q.mayNotApply).map((q) => q.citation)).toEqual(['164.308(a)(4)(ii)(A)']);
  });

  it('refuses a question whose status disagrees with the catalogue, or whose citation is not in it', () => {
    const text = readFileSync(new URL('../mappings/questions.yaml', import.meta.url), 'utf8');
    const wrongStatus = text.replace('  - citation: 164.308(a)(2)\n    status: required', '  - citation: 164.308(a)(2)\n    status: addressable');
    expect(wrongStatus).not.toBe(text);
    expect(() => loadQuestions(mappingsDirWith({ 'questions.yaml': wrongStatus }))).toThrow(/164\.308\(a\)\(2\) is required in the catalogue, but the question says addressable/);
    const unknown = text.replace('  - citation: 164.308(a)(2)\n', '  - citation: 164.308(a)(99)\n');
    expect(() => loadQuestions(mappingsDirWith({ 'questions.yaml': unknown }))).toThrow(/164\.308\(a\)\(99\) is not in mappings\/safeguards.yaml/);
  });
});

/** A copy of the packaged mappings with some files replaced; returns the folder. */
function mappingsDirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-questions-'));
  cpSync(new URL('../mappings/', import.meta.url), dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

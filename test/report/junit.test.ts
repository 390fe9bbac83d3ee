import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/finding.js';
import { junitChunks } from '../../src/report/junit.js';
import type { ScanReport } from '../../src/report/scan-report.js';
import { configItem } from '../checks/aws/items.js';
import { repoRoot, runCli } from '../support/cli.js';

/**
 * findings.junit.xml is read by CI test reports (GitLab, Jenkins, Azure DevOps, CircleCI): it must
 * be well-formed XML whatever the estate's names hold, and its counts must be the scan's. It is
 * read with saxes (a dev dependency), a strict XML 1.0 parser: it rejects unbalanced or mismatched
 * tags, unquoted or repeated attributes, a bare `&` or `<`, unknown entities and the characters
 * XML 1.0 forbids, and decodes references as a CI's reader does.
 */

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (children's text excluded), references decoded. */
  text: string;
}

function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser();
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let failure: Error | undefined;
  parser.on('error', (err) => {
    failure ??= err;
  });
  parser.on('opentag', (tag) => {
    const el: XmlElement = { name: tag.name, attrs: { ...(tag.attributes as Record<string, string>) }, children: [], text: '' };
    if (stack.length) stack[stack.length - 1]!.children.push(el);
    else root = el;
    stack.push(el);
  });
  parser.on('text', (text) => {
    if (stack.length) stack[stack.length - 1]!.text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  if (failure) throw failure;
  if (!root) throw new Error('no root element');
  return root;
}

const kids = (el: XmlElement, name: string) => el.children.filter((c) => c.name === name);
const only = (el: XmlElement, name: string) => {
  const found = kids(el, name);
  expect(found, `<${name}> in <${el.name}>`).toHaveLength(1);
  return found[0]!;
};
const num = (el: XmlElement, key: string) => Number(el.attrs[key]);

const scratch = mkdtempSync(join(tmpdir(), 'sg-junit-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the strict XML reader this test uses', () => {
  it('rejects what a conforming parser rejects, and decodes references', () => {
    for (const bad of ['<a>', '<a></b>', '<a x=1/>', '<a x="1" x="2"/>', '<a>&</a>', '<a>&nope;</a>', '<a x="<"/>', '<a>\u0001</a>', '<a>&#1;</a>', '<a/><b/>', '<a>]]></a>']) {
      expect(() => parseXml(bad), bad).toThrow();
    }
    expect(parseXml('<a x="&#10;y&amp;" y=\'"\'>t&lt;<b/>u</a>')).toEqual({ name: 'a', attrs: { x: '\ny&', y: '"' }, children: [{ name: 'b', attrs: {}, children: [], text: '' }], text: 't<u' });
  });
});

describe('findings.junit.xml for the demo estate, with its waivers', () => {
  const out = join(scratch, 'demo');
  const run = runCli(['scan', '--input', join(repoRoot, 'fixtures/demo'), '--waivers', join(repoRoot, 'fixtures/waivers/safeguard.waivers.yaml'), '--out', out]);
  const report = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as ScanReport;
  const root = parseXml(readFileSync(join(out, 'findings.junit.xml'), 'utf8'));
  const suites = kids(root, 'testsuite');
  const cases = suites.flatMap((s) => kids(s, 'testcase'));
  /** The test case of a finding: classname is the check, name the resource's name, type and id (or type and id when the name is the id). */
  const caseOf = (f: Finding) => {
    const found = cases.filter((c) => c.attrs.classname === f.check && [`${f.resource.type} ${f.resource.id}`, `${f.resource.name} (${f.resource.type} ${f.resource.id})`].includes(c.attrs.name!));
    expect(found, `${f.check} ${f.resource.id}`).toHaveLength(1);
    return found[0]!;
  };

  it('is written into the bundle, listed in the manifest, and verify accepts the bundle', () => {
    expect(run.code, run.stderr).toBe(1);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { files: { path: string; description: string }[] };
    expect(manifest.files.find((f) => f.path === 'findings.junit.xml')?.description).toMatch(/JUnit XML/);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain('| `findings.junit.xml` |');
    const verify = runCli(['verify', out]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(root.name).toBe('testsuites');
  });

  it('totals equal findings.json summary.byStatus on <testsuites>, and each suite counts its own cases', () => {
    const b = report.summary.byStatus;
    expect(b.fail).toBeGreaterThan(0);
    expect(b.waived).toBeGreaterThan(0);
    expect(b.not_applicable).toBeGreaterThan(0);
    expect(b.error).toBeGreaterThan(0);
    expect({ tests: num(root, 'tests'), failures: num(root, 'failures'), errors: num(root, 'errors'), skipped: num(root, 'skipped') }).toEqual({
      tests: report.findings.length,
      failures: b.fail,
      errors: b.error,
      skipped: b.waived + b.not_applicable,
    });
    for (const s of suites) {
      const own = kids(s, 'testcase');
      const having = (child: string) => own.filter((c) => kids(c, child).length > 0).length;
      expect({ tests: num(s, 'tests'), failures: num(s, 'failures'), errors: num(s, 'errors'), skipped: num(s, 'skipped') }, s.attrs.name).toEqual({
        tests: own.length,
        failures: having('failure'),
        errors: having('error'),
        skipped: having('skipped'),
      });
    }
  });

  it('has one suite per check, named by its id with its title as a property, and one case per finding', () => {
    const checks = [...new Set(report.findings.map((f) => f.check))].sort();
    expect(suites.map((s) => s.attrs.name)).toEqual(checks);
    for (const s of suites) {
      const f = report.findings.find((x) => x.check === s.attrs.name)!;
      const props = Object.fromEntries(kids(only(s, 'properties'), 'property').map((p) => [p.attrs.name, p.attrs.value]));
      expect(props).toMatchObject({ title: f.title, category: f.category, severity: f.checkSeverity, safeguards: f.safeguards.join(' ') });
      for (const c of kids(s, 'testcase')) expect(c.attrs.classname).toBe(s.attrs.name);
    }
    expect(cases).toHaveLength(report.findings.length);
    // GitLab keeps only the first of two cases with the same classname and name.
    expect(new Set(cases.map((c) => `${c.attrs.classname}\u0000${c.attrs.name}`)).size).toBe(cases.length);
    for (const f of report.findings) caseOf(f);
  });

  it('makes a fail a <failure> carrying its reason, severity, citations, evidence and remediation', () => {
    for (const f of report.findings.filter((x) => x.status === 'fail')) {
      const failure = only(caseOf(f), 'failure');
      expect(failure.attrs).toEqual({ message: f.reason, type: f.severity });
      expect(failure.text.startsWith(`${f.reason}\n`)).toBe(true);
      expect(failure.text).toContain(`Remediation: ${f.remediation.text}`);
      expect(failure.text).toContain(`Evidence: ${JSON.stringify(f.evidence)}`);
      for (const s of f.safeguards) expect(failure.text).toContain(`45 CFR ${s}`);
    }
  });

  it('makes an error an <error>, a not-applicable result <skipped>, and a pass a bare case', () => {
    for (const f of report.findings) {
      const c = caseOf(f);
      const kinds = c.children.map((x) => x.name);
      if (f.status === 'pass') expect(kinds).toEqual([]);
      if (f.status === 'error') {
        expect(kinds).toEqual(['error']);
        expect(c.children[0]!.attrs.message).toBe(f.reason);
      }
      if (f.status === 'not_applicable') {
        expect(kinds).toEqual(['skipped']);
        expect(c.children[0]!.attrs.message).toBe(`Not applicable: ${f.reason}`);
        expect(c.children[0]!.text).toBe(f.reason);
      }
    }
  });

  it('makes a waived result <skipped>, naming the waiver and its rationale', () => {
    for (const f of report.findings.filter((x) => x.status === 'waived')) {
      const skipped = only(caseOf(f), 'skipped');
      expect(skipped.attrs.message).toBe(`Waived by ${f.waiver!.id}: ${f.waiver!.rationale}`);
      expect(skipped.text).toContain(`Compensating control: ${f.waiver!.compensatingControl}`);
    }
  });
});

describe('findings.junit.xml with hostile names', () => {
  // An estate's names are not ours: markup, quotes, line ends, controls XML 1.0 cannot hold, a lone surrogate.
  const hostile = `rep<orting>&amp;"q" 'a' ]]> \u0000\u0001\u0008\u000b\u000c\u001f\t\r\nend\uD800!`;
  const dir = join(scratch, 'hostile');
  mkdirSync(join(dir, 'exports'), { recursive: true });
  const item = configItem({
    resourceType: 'AWS::RDS::DBInstance',
    resourceId: 'db-HOSTILE',
    resourceName: hostile,
    arn: 'arn:aws:rds:us-east-1:123456789012:db:hostile&<x>',
    configuration: { dBInstanceIdentifier: 'hostile', storageEncrypted: false, engine: 'mysql', publiclyAccessible: true },
  });
  writeFileSync(join(dir, 'exports', 'aws-config-snapshot.json'), JSON.stringify({ fileVersion: '1.0', configSnapshotId: 'hostile', configurationItems: [item] }));
  const run = runCli(['scan', '--input', join(dir, 'exports'), '--out', join(dir, 'bundle')]);

  it('still parses, and the names read back as written, less only what XML cannot hold', () => {
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, 'bundle', 'findings.json'), 'utf8')) as ScanReport;
    const finding = report.findings.find((f) => f.check === 'aws-rds-instance-encrypted')!;
    expect(finding.status).toBe('fail');
    expect(finding.resource.name).toBe(hostile);
    const root = parseXml(readFileSync(join(dir, 'bundle', 'findings.junit.xml'), 'utf8'));
    const c = kids(root, 'testsuite')
      .flatMap((s) => kids(s, 'testcase'))
      .find((x) => x.attrs.classname === 'aws-rds-instance-encrypted')!;
    const readable = hostile.replace(/[\u0000\u0001\u0008\u000b\u000c\u001f]|\uD800/g, '\uFFFD');
    expect(c.attrs.name).toBe(`${readable} (AWS::RDS::DBInstance ${finding.resource.id})`);
    expect(only(c, 'failure').attrs.message).toBe(finding.reason);
  });
});

describe('junitChunks', () => {
  it('writes a case at a time: no piece grows with the number of findings', () => {
    const demo = JSON.parse(readFileSync(join(scratch, 'demo', 'findings.json'), 'utf8')) as ScanReport;
    const findings = Array.from({ length: 20 }, (_, i) => demo.findings.map((f) => ({ ...f, resource: { ...f.resource, id: `${f.resource.id}#${i}` } }))).flat();
    let pieces = 0;
    let longest = 0;
    let xml = '';
    for (const piece of junitChunks({ ...demo, findings })) {
      pieces++;
      longest = Math.max(longest, piece.length);
      xml += piece;
    }
    expect(pieces).toBeGreaterThan(findings.length);
    expect(longest).toBeLessThan(20_000);
    expect(xml.length).toBeGreaterThan(1_000_000);
    expect(num(parseXml(xml), 'tests')).toBe(findings.length);
  });
});

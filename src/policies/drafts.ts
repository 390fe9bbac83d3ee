import type { SafeguardAttestation } from '../assess/attestations.js';
import { ANSWER_LABEL, type PolicyId, type Question } from '../assess/questions.js';
import type { BaaRegisterReport } from '../baa/report.js';
import { isBaaCheck } from '../baa/report.js';
import type { Finding } from '../engine/finding.js';
import type { WaiverReport } from '../engine/waivers.js';
import type { CatalogueEntry } from '../mappings/index.js';
import { md, type Block, type Cite, type PolicyDocument } from './document.js';
import { requirementOf } from '../mappings/requirement.js';

/**
 * The ten policy drafts, written from what the scan and the attestations show. Facts come from
 * findings (their reasons name the keys, TLS policies, log destinations, backup retention and MFA
 * state in force), from waivers (the exceptions), from attested answers and from the BAA register;
 * every fact cites its source. Decisions are blanks. Nothing here reads the clock.
 */

export interface PolicyInput {
  findings: readonly Finding[];
  waivers: WaiverReport;
  catalogue: readonly CatalogueEntry[];
  questions: readonly Question[];
  /** The judged answers, when an attestation file was given. */
  attestations?: Map<string, SafeguardAttestation>;
  baa?: BaaRegisterReport;
}

interface PolicySpec {
  id: PolicyId;
  title: string;
  citations: string[];
  /** The findings this policy reports, grouped under headings. */
  areas: { heading: string; select: (f: Finding) => boolean }[];
  decisions: string[];
}

const CLOUD = { aws: 'AWS', azure: 'Azure', gcp: 'GCP' } as const;

const isLogIntegrity = (f: Finding) => f.category === 'integrity' && /log|trail/.test(f.check);
const isDisk = (f: Finding) => f.category === 'encryption-at-rest' && /volume|disk|snapshot/i.test(f.resource.type);
const isKey = (f: Finding) => /kms|key-rotation|cmk|cmek|customer-key/.test(f.check);
const isAccountTrail = (f: Finding) => /cloudtrail-multi-region|activity-log-exported|audit-log-sink|audit-logs-data-access|config-recorder|sql-server-auditing|key-vault-logging/.test(f.check);

export const POLICIES: PolicySpec[] = [
  {
    id: 'information-security',
    title: 'Information security policy',
    citations: ['164.308(a)(1)(i)', '164.308(a)(1)(ii)(C)', '164.308(a)(2)', '164.308(a)(8)', '164.308(b)(1)', '164.308(b)(3)'],
    areas: [
      { heading: 'Business associate agreements over the cloud accounts', select: (f) => isBaaCheck(f.check) },
      { heading: 'Services that hold ePHI and the BAAs that cover them', select: (f) => f.category === 'eligible-service' && !isBaaCheck(f.check) && (f.ephi || f.status === 'fail' || f.status === 'waived') },
    ],
    decisions: [
      'who approves this policy, and the date it takes effect',
      'how often this policy and the ones under it are reviewed, and who reviews them',
      'which systems, people and locations this policy covers beyond the cloud accounts the scan read',
    ],
  },
  {
    id: 'risk-management',
    title: 'Risk analysis and risk management policy',
    citations: ['164.308(a)(1)(ii)(A)', '164.308(a)(1)(ii)(B)', '164.308(a)(8)'],
    areas: [],
    decisions: [
      'who may accept a risk (sign a waiver), and up to which risk level',
      'how often the risk analysis is repeated, and which changes trigger a new one',
      'the deadline for treating a risk of each level (Very High, High, Moderate, Low)',
    ],
  },
  {
    id: 'access-control',
    title: 'Access control policy',
    citations: ['164.308(a)(3)(i)', '164.308(a)(4)(i)', '164.312(a)(1)', '164.312(a)(2)(i)', '164.312(a)(2)(ii)', '164.312(a)(2)(iii)'],
    areas: [{ heading: 'Network and public access to systems holding ePHI', select: (f) => f.category === 'access-control' }],
    decisions: [
      'who approves access to each system that holds ePHI, and how a request is recorded',
      'how often access is reviewed, and who reviews it',
      'the inactivity time after which sessions that show ePHI end',
      'who may use the emergency (break-glass) accounts, and how their use is reviewed',
    ],
  },
  {
    id: 'encryption',
    title: 'Encryption policy',
    citations: ['164.312(a)(2)(iv)', '164.312(e)(1)', '164.312(e)(2)(i)', '164.312(e)(2)(ii)'],
    areas: [
      { heading: 'Encryption at rest', select: (f) => f.category === 'encryption-at-rest' && !isKey(f) },
      { heading: 'Keys', select: (f) => f.category === 'encryption-at-rest' && isKey(f) },
      { heading: 'Encryption in transit (TLS)', select: (f) => f.category === 'encryption-in-transit' },
    ],
    decisions: [
      'whether data stores holding ePHI must use customer-managed keys, or whether provider-managed keys are acceptable',
      'the minimum TLS version for connections that carry ePHI',
      'how often customer-managed keys rotate, and who may disable or destroy one',
    ],
  },
  {
    id: 'audit-logging',
    title: 'Audit logging and review policy',
    citations: ['164.312(b)', '164.308(a)(1)(ii)(D)', '164.308(a)(5)(ii)(C)'],
    areas: [
      { heading: 'Audit logs and where they go', select: (f) => f.category === 'audit-logging' },
      { heading: 'Protection of the logs', select: isLogIntegrity },
    ],
    decisions: [
      'how long audit logs are kept (HIPAA documentation is kept six years; the log retention is yours to set)',
      'who reviews the logs and alerts, how often, and where each review is recorded',
      'which sign-in events raise an alert, and who answers it',
    ],
  },
  {
    id: 'contingency-backup',
    title: 'Contingency and backup policy',
    citations: ['164.308(a)(7)(i)', '164.308(a)(7)(ii)(A)', '164.308(a)(7)(ii)(B)', '164.308(a)(7)(ii)(C)', '164.308(a)(7)(ii)(D)', '164.308(a)(7)(ii)(E)', '164.312(c)(1)'],
    areas: [
      { heading: 'Backups and retention', select: (f) => f.category === 'backup' },
      { heading: 'Protection against deletion and overwrite', select: (f) => f.category === 'integrity' && !isLogIntegrity(f) },
    ],
    decisions: [
      'the recovery time and recovery point objectives for each system that holds ePHI',
      'how long backups are kept, and where a copy is kept outside the primary region or account',
      'how often a restore is tested, and who signs off the result',
    ],
  },
  {
    id: 'device-media',
    title: 'Device, media and workstation policy',
    citations: ['164.310(a)(1)', '164.310(b)', '164.310(c)', '164.310(d)(1)', '164.310(d)(2)(i)', '164.310(d)(2)(ii)', '164.310(d)(2)(iii)', '164.310(d)(2)(iv)'],
    areas: [{ heading: 'Cloud disks and snapshots', select: isDisk }],
    decisions: [
      'which devices may reach ePHI (company-owned only, or personal devices under management)',
      'how devices and media are wiped or destroyed, and who keeps the record',
      'the screen-lock time and disk encryption every workstation must have',
    ],
  },
  {
    id: 'incident-response',
    title: 'Security incident response policy',
    citations: ['164.308(a)(6)(i)', '164.308(a)(6)(ii)'],
    areas: [{ heading: 'Records available to investigate an incident', select: (f) => f.category === 'audit-logging' && isAccountTrail(f) }],
    decisions: [
      'what counts as a security incident, and who must be told of one, within what time',
      'who leads the response, and who may contact patients, regulators or the press',
      'how a breach of unsecured PHI is assessed and notified (164.400-414)',
    ],
  },
  {
    id: 'password-authentication',
    title: 'Password and authentication policy',
    citations: ['164.308(a)(5)(ii)(D)', '164.312(a)(2)(i)', '164.312(d)'],
    areas: [{ heading: 'Sign-in, MFA and credentials in force', select: (f) => f.category === 'authentication' }],
    decisions: [
      'the minimum password length and reuse rule for systems that hold ePHI',
      'where multi-factor authentication is required, and which methods are accepted',
      'how often access keys and other machine credentials are rotated',
    ],
  },
  {
    id: 'workforce-training',
    title: 'Workforce security awareness and training policy',
    citations: ['164.308(a)(5)(i)', '164.308(a)(5)(ii)(A)', '164.308(a)(5)(ii)(B)', '164.308(a)(3)(ii)(B)'],
    areas: [],
    decisions: [
      'the training every workforce member completes, when they join and how often after',
      'how completion is recorded, and what happens when training is overdue',
      'how often security reminders go out, and who sends them',
    ],
  },
];

const MAX_PER_CHECK = 50;
const MAX_RISKS = 40;

export function draftPolicies(input: PolicyInput): PolicyDocument[] {
  const byId = new Map(input.catalogue.map((s) => [s.id, s]));
  const sorted = [...input.findings].sort((a, b) => (a.check < b.check ? -1 : a.check > b.check ? 1 : a.resource.id < b.resource.id ? -1 : a.resource.id > b.resource.id ? 1 : 0));
  return POLICIES.map((p) => {
    const blocks: Block[] = [];
    blocks.push({ kind: 'heading', level: 2, text: 'Scope and ownership' });
    for (const d of p.decisions.slice(0, 1)) blocks.push({ kind: 'decide', text: d });
    blocks.push({ kind: 'decide', text: 'who owns this policy (a name and a role)' });

    blocks.push({ kind: 'heading', level: 2, text: 'What is in force (observed by the scan)' });
    if (p.id === 'risk-management') blocks.push(...riskBlocks(sorted, input));
    else if (p.areas.length === 0) blocks.push({ kind: 'decide', text: 'the practice in force for this area, which no cloud configuration check can see (the attested answers below are its record)' });
    for (const area of p.areas) {
      const own = sorted.filter(area.select).filter((f) => f.status !== 'not_applicable');
      blocks.push({ kind: 'heading', level: 3, text: area.heading });
      if (own.length === 0) {
        blocks.push({ kind: 'decide', text: `the scan graded nothing under "${area.heading}": name the systems and settings that do this, or scan them` });
        continue;
      }
      blocks.push(...findingBlocks(own));
    }
    if (p.id === 'information-security' && input.baa) blocks.push(...registerBlocks(input.baa));

    const exceptions = exceptionBlocks(sorted, input.waivers, p);
    if (exceptions.length) blocks.push({ kind: 'heading', level: 2, text: 'Exceptions and accepted risks' }, ...exceptions);

    blocks.push({ kind: 'heading', level: 2, text: 'Attested practice (the gap questionnaire)' });
    blocks.push(...attestationBlocks(input, p.id));

    blocks.push({ kind: 'heading', level: 2, text: 'Decisions' });
    for (const d of p.decisions.slice(1)) blocks.push({ kind: 'decide', text: d });
    return {
      file: `${p.id}.md`,
      title: p.title,
      specifications: p.citations.map((c) => {
        const s = byId.get(c);
        return s ? `${c} ${s.title} (${requirementOf(s)})` : c;
      }),
      blocks,
    };
  });
}

function cite(f: Finding): Cite {
  return {
    kind: 'finding',
    fingerprint: f.fingerprint,
    check: f.check,
    status: f.status,
    resource: f.resource.name,
    type: f.resource.type,
    where: [CLOUD[f.resource.provider], f.resource.account, f.resource.region].filter(Boolean).join(' '),
    ...(f.source.observedAt ? { observedAt: f.source.observedAt } : {}),
  };
}

function subject(f: Finding): string {
  return `**${md(f.resource.name)}** (${CLOUD[f.resource.provider]} ${md(shortType(f.resource.type))}${f.ephi ? ', tagged as holding ePHI' : ''})`;
}

function shortType(type: string): string {
  return type.replace(/^AWS::(::)?/, '').replace(/^Microsoft\./i, '').replace(/\.googleapis\.com\//, ' ');
}

/** One fact per result, grouped by check; a long run of passes ends with one cited summary. */
function findingBlocks(findings: readonly Finding[]): Block[] {
  const blocks: Block[] = [];
  const byCheck = new Map<string, Finding[]>();
  for (const f of findings) byCheck.set(f.check, [...(byCheck.get(f.check) ?? []), f]);
  for (const [check, list] of byCheck) {
    const shown = list.slice(0, MAX_PER_CHECK);
    for (const f of shown) blocks.push({ kind: 'fact', text: `${subject(f)}: ${statusWord(f)}${md(f.reason)}${waiverText(f)}`, cites: [cite(f)] });
    const rest = list.slice(MAX_PER_CHECK);
    if (rest.length) blocks.push({ kind: 'fact', text: `${rest.length} more resources have results of check \`${check}\` (listed in findings.csv).`, cites: rest.map(cite) });
  }
  return blocks;
}

function statusWord(f: Finding): string {
  return f.status === 'fail' ? 'GAP: ' : f.status === 'error' ? 'UNDECIDED: ' : f.status === 'waived' ? 'ACCEPTED RISK: ' : '';
}

function waiverText(f: Finding): string {
  const w = f.waiver;
  if (!w) return '';
  return ` Waiver ${md(w.id)}, approved by ${md(w.approver)} on ${w.approved} until ${w.expires}, accepts it: ${md(w.rationale)} Compensating control: ${md(w.compensatingControl)}`;
}

/** Waivers of this policy's checks that do not stand (expired, invalid), and the failures they left. */
function exceptionBlocks(findings: readonly Finding[], waivers: WaiverReport, p: PolicySpec): Block[] {
  const blocks: Block[] = [];
  const inPolicy = (f: Finding) => p.areas.some((a) => a.select(f));
  const byFingerprint = new Map(findings.map((f) => [f.fingerprint, f]));
  for (const w of waivers.waivers) {
    if (w.status === 'applied' && w.problems.length === 0) continue;
    const matched = w.matched.map((fp) => byFingerprint.get(fp)).filter((f): f is Finding => f !== undefined && inPolicy(f));
    if (matched.length === 0) continue;
    blocks.push({
      kind: 'fact',
      text: `Waiver ${md(w.id)} (check \`${w.check}\` on \`${md(w.resource)}\`) is ${w.status}: ${md(w.problems.join(' '))}`,
      cites: matched.map(cite),
    });
  }
  if (blocks.length) blocks.push({ kind: 'decide', text: 'renew, rewrite or withdraw each waiver above, or fix what it covered' });
  return blocks;
}

/** The open risks, highest severity first, and the accepted ones: the scan's part of the risk analysis. */
function riskBlocks(findings: readonly Finding[], input: PolicyInput): Block[] {
  const order = ['critical', 'high', 'medium', 'low', 'info'];
  const open = findings.filter((f) => f.status === 'fail' || f.status === 'error').sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity) || (a.check < b.check ? -1 : a.check > b.check ? 1 : a.resource.id < b.resource.id ? -1 : 1));
  const blocks: Block[] = [{ kind: 'heading', level: 3, text: 'Open risks found by the scan (failing or undecided), highest severity first' }];
  if (open.length === 0) blocks.push({ kind: 'decide', text: 'the scan left no failing or undecided result: confirm the risk analysis covers what the scan cannot see' });
  for (const f of open.slice(0, MAX_RISKS)) {
    const safeguards = f.safeguards.join(', ');
    blocks.push({ kind: 'fact', text: `${f.severity.toUpperCase()} ${subject(f)}, ${safeguards}: ${md(f.reason)}`, cites: [cite(f)] });
  }
  const rest = open.slice(MAX_RISKS);
  if (rest.length) blocks.push({ kind: 'fact', text: `${rest.length} more failing or undecided results are listed in risk-register.csv and findings.csv.`, cites: rest.map(cite) });
  const accepted = findings.filter((f) => f.status === 'waived');
  blocks.push({ kind: 'heading', level: 3, text: 'Risks accepted by waiver' });
  if (accepted.length === 0) blocks.push({ kind: 'decide', text: input.waivers.file ? 'no waiver applies to this scan: decide whether any open risk above is to be accepted rather than fixed' : 'no waiver file was given: decide whether any open risk above is to be accepted rather than fixed, and record it in a waiver file' });
  for (const f of accepted) blocks.push({ kind: 'fact', text: `${subject(f)}, check \`${f.check}\`: ${md(f.reason)}${waiverText(f)}`, cites: [cite(f)] });
  return blocks;
}

/** The BAA register: every agreement, and each cloud account's coverage. */
function registerBlocks(r: BaaRegisterReport): Block[] {
  const blocks: Block[] = [{ kind: 'heading', level: 3, text: 'Business associate agreements on record' }];
  for (const a of r.agreements) {
    const what = a.kind === 'vendor' ? `${md(a.party)}${a.purpose ? ` (${md(a.purpose)})` : ''}` : `${md(a.party)} for ${md(a.scope.join(', '))}`;
    const status = a.status === 'current' ? `is due for renewal on ${a.renewal}` : `is PAST its renewal date (${a.renewal})`;
    blocks.push({ kind: 'fact', text: `The BAA with ${what} was signed on ${a.signed}, is kept as ${md(a.document)}, and ${status}.`, cites: [{ kind: 'baa', file: r.file, index: a.index, ...(a.line ? { line: a.line } : {}), party: a.party, document: a.document }] });
  }
  if (r.agreements.length === 0) blocks.push({ kind: 'decide', text: 'the BAA register is empty: list every business associate in safeguard.yaml (baas:)' });
  return blocks;
}

/** The attested answers of this policy's questions; unanswered and expired ones become blanks. */
function attestationBlocks(input: PolicyInput, policy: PolicyId): Block[] {
  const blocks: Block[] = [];
  for (const q of input.questions.filter((x) => x.policies.includes(policy))) {
    const a = input.attestations?.get(q.citation);
    const label = `${q.citation} ${q.title}`;
    if (!a || a.state === 'unanswered' || !a.answer || !a.source) {
      blocks.push({ kind: 'decide', text: `${label}: ${q.question} (answer it with safeguard assess)` });
      continue;
    }
    const c: Cite = { kind: 'attestation', citation: q.citation, file: a.source.file, line: a.source.line, answer: a.answer, answeredBy: a.answeredBy ?? '', answeredOn: a.answeredOn ?? '', nextReview: a.nextReview ?? '' };
    if (a.state !== 'answered') {
      blocks.push({ kind: 'fact', text: `${label}: the answer on record (${ANSWER_LABEL[a.answer].toLowerCase()}) does not count: ${md(a.problems.join(' '))}`, cites: [c] });
      blocks.push({ kind: 'decide', text: `review the answer to ${q.citation} with safeguard assess` });
      continue;
    }
    const parts = [`${label}: ${ANSWER_LABEL[a.answer]}.`];
    if (a.answer === 'alternative') parts.push(`The alternative measure in place: ${md(a.alternative ?? '')}`, ...(a.reason ? [`Why the specification is not implemented as written: ${md(a.reason)}`] : []));
    if (a.answer === 'not-reasonable') parts.push(`It is documented as not reasonable and appropriate: ${md(a.reason ?? '')}`);
    if (a.answer === 'not-applicable') parts.push(`It does not apply: ${md(a.reason ?? '')}`);
    if (a.notes) parts.push(md(a.notes));
    const files = a.evidence.map((e) => (e.file ? `\`${md(e.file)}\`` : md(e.link ?? '')));
    if (files.length) parts.push(`Evidence on record: ${files.join(', ')}.`);
    blocks.push({ kind: 'fact', text: parts.map(endSentence).join(' '), cites: [c] });
    if (a.result === 'gap') blocks.push({ kind: 'decide', text: `how and by when the gap in ${q.citation} will be closed, and who closes it` });
  }
  return blocks;
}

function endSentence(s: string): string {
  const t = s.trim();
  return /[.!?)]$/.test(t) ? t : `${t}.`;
}

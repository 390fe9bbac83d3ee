import type { Status } from '../engine/finding.js';

/**
 * A policy draft as blocks: every block that states a fact carries the citations it rests on (a
 * finding's fingerprint and check id, an attested answer, a BAA register entry), and what only a
 * person can decide is a `[[TO DECIDE: …]]` blank. The renderer numbers the citations as Markdown
 * footnotes in order of first use, so the same inputs give the same bytes.
 */

export type Cite =
  | { kind: 'finding'; fingerprint: string; check: string; status: Status; resource: string; type: string; where: string; observedAt?: string }
  | { kind: 'attestation'; citation: string; file: string; line: number; answer: string; answeredBy: string; answeredOn: string; nextReview: string }
  | { kind: 'baa'; file: string; index: number; line?: number; party: string; document: string };

export type Block =
  | { kind: 'heading'; level: 2 | 3; text: string }
  /** One fact: every sentence of `text` gets the citation markers. */
  | { kind: 'fact'; text: string; cites: Cite[] }
  /** A blank for a person to fill in. */
  | { kind: 'decide'; text: string };

export interface PolicyDocument {
  file: string;
  title: string;
  /** The specifications the policy answers, as `164.312(b) Audit controls (Required)`. */
  specifications: string[];
  blocks: Block[];
}

/** The note every draft opens with; it states what the document is, not a fact about the estate. */
export const DRAFT_NOTE =
  '> **Draft written by safeguard from the scan and the attested answers.** Each statement of fact cites the finding (fingerprint and check) or the attestation it rests on, in the notes at the end; ' +
  '`[[TO DECIDE: …]]` marks what only a person can decide. Regenerate it after every scan: a diff of this file shows where practice and policy drift apart.';

export function renderPolicy(doc: PolicyDocument): string {
  const numbers = new Map<string, number>();
  const notes: string[] = [];
  const marker = (c: Cite): string => {
    const key = citeKey(c);
    let n = numbers.get(key);
    if (n === undefined) {
      n = numbers.size + 1;
      numbers.set(key, n);
      notes.push(`[^${n}]: ${citeText(c)}`);
    }
    return `[^${n}]`;
  };
  const out: string[] = [`# ${doc.title} (draft)`, '', DRAFT_NOTE, ''];
  out.push(`**Specifications:** ${doc.specifications.join('; ')}`, '');
  for (const b of doc.blocks) {
    if (b.kind === 'heading') {
      if (out[out.length - 1] !== '') out.push('');
      out.push(`${'#'.repeat(b.level)} ${b.text}`, '');
    } else if (b.kind === 'decide') {
      out.push(`- [[TO DECIDE: ${oneLine(b.text)}]]`);
    } else {
      const marks = [...new Set(b.cites.map(marker))].join('');
      out.push(`- ${sentences(oneLine(b.text)).map((s) => `${s}${marks}`).join(' ')}`);
    }
  }
  if (notes.length) out.push('', '## Sources', '', ...notes);
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

/** Split into sentences at a full stop, question or exclamation mark followed by a capital or a quote. */
export function sentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+(?=[A-Z"“(`*])/).filter((s) => s.trim() !== '');
}

function citeKey(c: Cite): string {
  return c.kind === 'finding' ? `f:${c.fingerprint}` : c.kind === 'attestation' ? `a:${c.citation}` : `b:${c.index}`;
}

function citeText(c: Cite): string {
  switch (c.kind) {
    case 'finding':
      return `Finding \`${c.fingerprint}\`, check \`${c.check}\` (${c.status === 'error' ? 'undecided' : c.status}) on ${md(c.resource)} (${md(c.type)}${c.where ? `, ${md(c.where)}` : ''})${c.observedAt ? `, observed ${c.observedAt}` : ''}.`;
    case 'attestation':
      return `Attestation for ${c.citation} in \`${c.file}\`, line ${c.line}: ${c.answer}, answered by ${md(c.answeredBy)} on ${c.answeredOn}, next review ${c.nextReview}.`;
    case 'baa':
      return `BAA register entry ${c.index} in \`${c.file}\`${c.line ? `, line ${c.line}` : ''}: ${md(c.party)}, ${md(c.document)}.`;
  }
}

function oneLine(s: string): string {
  return s.replace(/\s*\r?\n\s*/g, ' ').trim();
}

/** Text from the estate must not become Markdown. */
export function md(text: string): string {
  return oneLine(text).replace(/([\\`*_[\]<>|#])/g, '\\$1');
}

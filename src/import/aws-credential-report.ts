import type { Provenance, Resource } from '../inventory/resource.js';
import { InputError } from './input-error.js';

/**
 * The IAM credential report, offline. Two shapes are read:
 *
 * - the CSV itself, exactly as `aws iam get-credential-report --query Content --output text | base64 -d`
 *   writes it (recognised by its header line, whatever the file is called);
 * - the whole `aws iam get-credential-report` JSON response, `{Content, ReportFormat: "text/csv",
 *   GeneratedTime}`, whose base64 `Content` is that CSV.
 *
 * Each IAM user row becomes an `AWS::IAM::User` (id: the row's ARN) that carries only
 * `related.credentialReport` (the row, with the CSV's own column names and values: `true`, `N/A`,
 * `no_information`, `not_supported`, ISO 8601 times) and `related.credentialReportGeneratedAt`; the
 * inventory merges it into the Config item of the same ARN, or keeps it alone (`configurationMissing`).
 * The root row (`<root_account>`) is a fact about the account: it becomes `AWS::::Account`
 * `related.credentialReportRoot` (see aws-account.ts).
 */
export const CREDENTIAL_REPORT_FORMAT = 'aws-iam-credential-report';
export const CREDENTIAL_REPORT_RESPONSE_FORMAT = 'aws-iam-get-credential-report';

/** The report's columns as IAM writes them today (docs: "Getting credential reports", IAM User Guide). */
export const CREDENTIAL_REPORT_COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed', 'password_next_rotation',
  'mfa_active', 'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_1_last_used_region',
  'access_key_1_last_used_service', 'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date',
  'access_key_2_last_used_region', 'access_key_2_last_used_service', 'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated',
] as const;

/** Columns without which a row says nothing the checks need; IAM may add columns, which are kept. */
const REQUIRED_COLUMNS = ['user', 'arn', 'user_creation_time', 'password_enabled', 'mfa_active'];

/** The report's `user` for the account's root user. */
export const ROOT_USER = '<root_account>';

/**
 * A record that only adds `related` facts to a resource read elsewhere (a Config item): the
 * inventory merges it into the resource of the same id instead of letting either replace the other.
 */
export const FACTS_ONLY = 'factsOnly';

/** An intermediate record for the account resource, folded into `AWS::::Account` after import. */
export const ACCOUNT_FACT_TYPE = 'safeguard::AwsAccountFact';

const IAM_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):(root|user\/.+)$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/** The text's first line is the report's header. */
export function isCredentialReport(text: string): boolean {
  return /^user,arn,user_creation_time,/.test(text.replace(/^\uFEFF/, ''));
}

/** The JSON `aws iam get-credential-report` prints when its output is not piped through `--query Content`. */
export function isCredentialReportResponse(doc: unknown): doc is { Content: string; ReportFormat?: string; GeneratedTime?: string } {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return false;
  const d = doc as Record<string, unknown>;
  return typeof d.Content === 'string' && d.ReportFormat === 'text/csv';
}

export interface GeneratedAt {
  at: string;
  /** The time is inferred from the report's own timestamps, not given by IAM. */
  inferred: boolean;
}

export function decodeCredentialReportResponse(doc: { Content: string; GeneratedTime?: string }, file: string, emit: (r: Resource) => void) {
  const content = doc.Content.trim();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(content)) throw new InputError(file, 'Content', 'not base64: expected the credential report as `aws iam get-credential-report` returns it');
  const text = Buffer.from(content, 'base64').toString('utf8');
  if (!isCredentialReport(text)) throw new InputError(file, 'Content', 'the decoded content is not a credential report (its first line is not the report header)');
  let generated: GeneratedAt | undefined;
  if (doc.GeneratedTime !== undefined) {
    const at = typeof doc.GeneratedTime === 'string' ? Date.parse(doc.GeneratedTime) : Number.NaN;
    if (Number.isNaN(at)) throw new InputError(file, 'GeneratedTime', `not a time: ${JSON.stringify(doc.GeneratedTime)}`);
    generated = { at: new Date(at).toISOString(), inferred: false };
  }
  return decodeRows(text, file, emit, CREDENTIAL_REPORT_RESPONSE_FORMAT, generated);
}

/** Decode the CSV; each row goes to `emit`. */
export function decodeCredentialReport(text: string, file: string, emit: (r: Resource) => void) {
  return decodeRows(text, file, emit, CREDENTIAL_REPORT_FORMAT);
}

function decodeRows(text: string, file: string, emit: (r: Resource) => void, format: string, given?: GeneratedAt) {
  const records = parseCsv(text.replace(/^\uFEFF/, ''), file);
  const header = records.shift();
  if (!header) throw new InputError(file, 'line 1', 'the credential report has no header');
  const columns = header.fields;
  const duplicate = columns.find((c, i) => columns.indexOf(c) !== i);
  if (duplicate) throw new InputError(file, 'line 1', `the header names column ${duplicate} twice`);
  const absent = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (absent.length) throw new InputError(file, 'line 1', `not a credential report header: column ${absent.join(', ')} is missing`);

  const rows = records.map(({ fields, line }) => {
    if (fields.length !== columns.length) {
      throw new InputError(file, `line ${line}`, `malformed row: ${fields.length} fields where the header has ${columns.length}`);
    }
    const row: Record<string, string> = Object.create(null) as Record<string, string>;
    columns.forEach((c, i) => (row[c] = fields[i]!));
    const arn = IAM_ARN.exec(row.arn ?? '');
    if (!row.user) throw new InputError(file, `line ${line}`, 'malformed row: the user column is empty');
    if (!arn) throw new InputError(file, `line ${line}`, `malformed row: ${JSON.stringify(row.arn)} is not an IAM user or root ARN`);
    if ((row.user === ROOT_USER) !== (arn[2] === 'root')) throw new InputError(file, `line ${line}`, `malformed row: user ${row.user} does not match ARN ${row.arn}`);
    return { row: { ...row }, line, account: arn[1]! };
  });

  // The CSV does not say when it was generated; it was generated no earlier than its newest entry.
  const generated = given ?? inferGeneratedAt(rows.map((r) => r.row));
  for (const { row, line, account } of rows) {
    const source: Provenance = { format, file, line };
    const facts: Record<string, unknown> = generated
      ? { credentialReportGeneratedAt: generated.at, ...(generated.inferred ? { credentialReportGeneratedAtInferred: true } : {}) }
      : {};
    if (row.user === ROOT_USER) {
      emit({
        provider: 'aws', type: ACCOUNT_FACT_TYPE, id: `${file}#credentialReportRoot#${account}`, name: 'credentialReportRoot', account,
        tags: {}, config: row, related: { fact: 'credentialReportRoot', ...facts }, source,
      });
      continue;
    }
    emit({
      provider: 'aws',
      type: 'AWS::IAM::User',
      id: row.arn!,
      name: row.user!,
      account,
      region: 'global',
      tags: {},
      config: { userName: row.user, arn: row.arn, createDate: row.user_creation_time },
      related: { [FACTS_ONLY]: true, credentialReport: row, ...facts },
      source,
    });
  }
  return { file, format, records: rows.length };
}

function inferGeneratedAt(rows: Record<string, string>[]): GeneratedAt | undefined {
  let newest: number | undefined;
  for (const row of rows) {
    for (const [column, value] of Object.entries(row)) {
      // password_next_rotation lies in the future; every other time records something that happened.
      if (column === 'password_next_rotation' || !ISO_TIME.test(value)) continue;
      const t = Date.parse(value);
      if (!Number.isNaN(t) && (newest === undefined || t > newest)) newest = t;
    }
  }
  return newest === undefined ? undefined : { at: new Date(newest).toISOString(), inferred: true };
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks (IAM user names may hold commas). */
function parseCsv(text: string, file: string): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let touched = false;
  const endRecord = () => {
    fields.push(cell);
    if (touched || fields.length > 1) out.push({ fields, line: start });
    fields = [];
    cell = '';
    touched = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
          const next = text[i + 1];
          if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') throw new InputError(file, `line ${line}`, 'malformed row: text after a closing quote');
        }
      } else {
        if (c === '\n') line++;
        cell += c;
      }
      continue;
    }
    if (c === '"') {
      if (cell !== '') throw new InputError(file, `line ${line}`, 'malformed row: a quote inside an unquoted field');
      quoted = true;
      touched = true;
    } else if (c === ',') {
      fields.push(cell);
      cell = '';
      touched = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else {
      cell += c;
      touched = true;
    }
  }
  if (quoted) throw new InputError(file, `line ${start}`, 'malformed row: a quoted field is never closed');
  if (touched || cell !== '' || fields.length) endRecord();
  return out;
}

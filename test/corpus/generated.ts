import { execFileSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Hostile inputs too big to commit (10 MB strings, 100,000 levels of nesting) or that git cannot
 * hold (symlink loops, FIFOs, empty folders): made in a scratch folder when the test runs.
 */
export interface GeneratedCase {
  /** Name of the input inside the scratch folder. */
  name: string;
  what: string;
  /** Which option receives it. */
  option: '--input' | '--waivers';
  /** The place its one-line error names; null: the whole file. */
  place: string | null;
  /** The path the error names, relative to the scratch folder, when not `name` (a file inside a folder). */
  names?: string;
  make(path: string): Promise<void>;
}

const DEPTH = 100_000;
const BIG = 10 * 1024 * 1024;
const big = (): string => 'A'.repeat(BIG);
const deepObject = (inner: string): string => `${'{"a":'.repeat(DEPTH)}${inner}${'}'.repeat(DEPTH)}`;
const deepArray = (): string => `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`;
const item = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  resourceType: 'AWS::S3::Bucket', resourceId: 'phi', arn: 'arn:aws:s3:::phi', awsRegion: 'us-east-1', accountId: '111122223333', configuration: { name: 'phi' }, ...over,
});
const write = (content: string | Buffer) => async (path: string): Promise<void> => writeFile(path, content);

/** `prefix` + a JSON value whose text is `raw` spliced in place of the marker. */
function splice(doc: unknown, raw: string): string {
  return JSON.stringify(doc).replace('"@@RAW@@"', () => raw);
}

const CREDENTIAL_HEADER = 'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

export const GENERATED: GeneratedCase[] = [
  { name: 'deep-array.json', option: '--input', place: '[0]', what: 'a document that is 100,000 nested arrays', make: write(deepArray()) },
  {
    name: 'deep-configuration.json', option: '--input', place: 'configurationItems[0].configuration.a.a.a', what: '100,000 nested objects in a Config item configuration',
    make: write(splice({ configurationItems: [item({ configuration: '@@RAW@@' })] }, deepObject('1'))),
  },
  {
    name: 'deep-json-in-string.json', option: '--input', place: 'configurationItems[0].configuration.a.a.a', what: '100,000 nested objects inside the API shape\'s configuration JSON string',
    make: write(JSON.stringify({ configurationItems: [item({ configuration: deepObject('1') })] })),
  },
  {
    name: 'deep-ndjson-line.ndjson', option: '--input', place: 'line 2.resource.data.a.a.a', what: 'NDJSON whose second asset nests resource.data 100,000 deep',
    make: write(`${JSON.stringify({ name: '//storage.googleapis.com/a', asset_type: 'storage.googleapis.com/Bucket', resource: { data: {} } })}\n${splice({ name: '//storage.googleapis.com/b', asset_type: 'storage.googleapis.com/Bucket', resource: { data: '@@RAW@@' } }, deepObject('1'))}\n`),
  },
  {
    name: 'deep-terraform-modules.tfplan.json', option: '--input', place: 'plan.planned_values.root_module.child_modules[0]', what: 'a plan with 100,000 nested child modules',
    make: write(splice({ format_version: '1.2', terraform_version: '1.9.0', planned_values: { root_module: '@@RAW@@' } }, `${'{"child_modules":['.repeat(DEPTH)}${']}'.repeat(DEPTH)}`)),
  },
  { name: 'deep-waivers.yaml', option: '--waivers', place: 'line 1, column', what: 'a waiver file of 100,000 nested YAML flow sequences', make: write(`waivers: ${deepArray()}\n`) },
  {
    name: 'huge-azure-id.json', option: '--input', place: 'data[0].id', what: 'a 10 MB Azure resource id (the error must not echo it)',
    make: write(JSON.stringify({ data: [{ id: big(), type: 'microsoft.storage/storageaccounts', name: 'x', properties: {} }] })),
  },
  { name: 'huge-key-truncated.json', option: '--input', place: 'line 1, column 10485770', what: 'a 10 MB key followed by invalid JSON', make: write(`{"${big()}": [1, }`) },
  { name: 'huge-token.json', option: '--input', place: 'line 1, column 10485785', what: 'a 10 MB number token ending in a bad character', make: write(`{"configurationItems": [${'1'.repeat(BIG)}x]}`) },
  {
    name: 'huge-capture-time.json', option: '--input', place: 'configurationItems[0].configurationItemCaptureTime', what: 'a 10 MB configurationItemCaptureTime that is no time',
    make: write(JSON.stringify({ configurationItems: [item({ configurationItemCaptureTime: big() })] })),
  },
  {
    name: 'huge-terraform-version.tfplan.json', option: '--input', place: 'format_version', what: 'a Terraform plan whose format_version is a 10 MB string (an unknown version, echoed)',
    make: write(JSON.stringify({ format_version: big(), terraform_version: '1.9.0', planned_values: {} })),
  },
  {
    name: 'huge-credential-arn.csv', option: '--input', place: 'line 2', what: 'a credential report row whose ARN is 10 MB',
    make: write(`${CREDENTIAL_HEADER}\nalice,${big()}${',N/A'.repeat(20)}\n`),
  },
  {
    name: 'huge-waiver-date.yaml', option: '--waivers', place: 'line 8', what: 'a waiver whose approval date is a 10 MB string',
    make: write(`waivers:\n  - check: aws-rds-instance-encrypted\n    resource: "*"\n    rationale: r\n    compensatingControl: c\n    approver: cso\n    expires: 2030-01-01\n    approved: "${big()}"\n`),
  },
  {
    name: 'loop-a', option: '--input', place: null, what: 'a symlink loop (loop-a → loop-b → loop-a)',
    make: async (path) => {
      await symlink('loop-b', path);
      await symlink('loop-a', join(path, '..', 'loop-b'));
    },
  },
  {
    name: 'folder-with-self-link', option: '--input', place: null, names: 'folder-with-self-link/self.json', what: 'a folder holding a symlink to itself by name (self.json → self.json)',
    make: async (path) => {
      await mkdir(path);
      await writeFile(join(path, 'a.json'), JSON.stringify({ configurationItems: [item()] }));
      await symlink('self.json', join(path, 'self.json'));
    },
  },
  { name: 'dangling.json', option: '--input', place: null, what: 'a symlink to a file that does not exist', make: async (path) => symlink('/nonexistent/safeguard/export.json', path) },
  { name: 'empty-folder', option: '--input', place: null, what: 'an empty folder (nothing to grade must not pass)', make: async (path) => void (await mkdir(path)) },
  {
    name: 'hidden-only-folder', option: '--input', place: null, what: 'a folder holding only hidden files',
    make: async (path) => {
      await mkdir(path);
      await writeFile(join(path, '.DS_Store'), 'x');
    },
  },
  { name: 'fifo.json', option: '--input', place: null, what: 'a FIFO where an export file is expected (must not block)', make: async (path) => void execFileSync('mkfifo', [path]) },
  { name: 'waivers-folder', option: '--waivers', place: null, what: 'a folder where the waiver file is expected', make: async (path) => void (await mkdir(path)) },
  { name: 'waivers-fifo.yaml', option: '--waivers', place: null, what: 'a FIFO where the waiver file is expected (must not block)', make: async (path) => void execFileSync('mkfifo', [path]) },
  {
    name: 'waivers-loop.yaml', option: '--waivers', place: null, what: 'a waiver file that is a symlink loop',
    make: async (path) => {
      await symlink('waivers-loop-2.yaml', path);
      await symlink('waivers-loop.yaml', join(path, '..', 'waivers-loop-2.yaml'));
    },
  },
  { name: 'missing.json', option: '--input', place: null, what: 'a file that does not exist', make: async () => undefined },
];

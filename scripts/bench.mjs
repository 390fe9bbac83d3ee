// Offline throughput: a seeded estate of AWS Config items, imported and graded by the real engine.
// Prints a table; the figures are measurements, not assertions (`npm run bench`).
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importInputs } from '../dist/src/import/index.js';
import { loadChecks } from '../dist/src/engine/registry.js';
import { evaluate } from '../dist/src/engine/evaluate.js';
import { loadMappings } from '../dist/src/mappings/index.js';

const sizes = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

function item(i) {
  const kind = i % 4;
  const base = { version: '1.3', accountId: '111122223333', configurationItemCaptureTime: '2026-11-01T00:00:00.000Z', configurationItemStatus: 'OK', awsRegion: 'us-east-1', tags: { env: 'prod' } };
  if (kind === 0) return { ...base, resourceType: 'AWS::S3::Bucket', resourceId: `b${i}`, arn: `arn:aws:s3:::b${i}`, configuration: { name: `b${i}` }, supplementaryConfiguration: random() < 0.9 ? { ServerSideEncryptionConfiguration: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] } } : { BucketVersioningConfiguration: { status: 'Off' } } };
  if (kind === 1) return { ...base, resourceType: 'AWS::RDS::DBInstance', resourceId: `db${i}`, arn: `arn:aws:rds:us-east-1:111122223333:db:db${i}`, configuration: { storageEncrypted: random() < 0.9, engine: 'postgres' } };
  if (kind === 2) return { ...base, resourceType: 'AWS::EC2::Volume', resourceId: `vol-${i}`, arn: `arn:aws:ec2:us-east-1:111122223333:volume/vol-${i}`, configuration: { encrypted: random() < 0.9, size: 100 } };
  return { ...base, resourceType: 'AWS::EC2::Instance', resourceId: `i-${i}`, arn: `arn:aws:ec2:us-east-1:111122223333:instance/i-${i}`, configuration: { instanceType: 't3.micro' } };
}

const checks = await loadChecks();
const mappings = loadMappings();
const rows = [];
for (const n of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'sg-bench-'));
  const file = join(dir, 'snapshot.json');
  writeFileSync(file, JSON.stringify({ fileVersion: '1.0', configSnapshotId: 'bench', configurationItems: Array.from({ length: n }, (_, i) => item(i)) }));
  const t0 = performance.now();
  const inventory = await importInputs([file]);
  const t1 = performance.now();
  const { findings } = evaluate(inventory.resources, checks, mappings);
  const t2 = performance.now();
  rows.push({ resources: n, 'import ms': Math.round(t1 - t0), 'evaluate ms': Math.round(t2 - t1), 'import /s': Math.round(n / ((t1 - t0) / 1000)), 'evaluate /s': Math.round(n / ((t2 - t1) / 1000)), findings: findings.length, 'peak RSS MB': Math.round(process.resourceUsage().maxRSS / 1024) });
  rmSync(dir, { recursive: true, force: true });
}
console.log('Offline scan of a generated AWS Config snapshot (seeded), real importer and engine:');
console.table(rows);

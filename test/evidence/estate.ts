import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { argRow } from '../checks/azure/rows.js';
import { configItem } from '../checks/aws/items.js';
import { exportAsset } from '../checks/gcp/assets.js';

/** Secrets planted in a small estate: none of them may appear anywhere in a bundle. */
export const PLANTED = {
  lambdaPassword: 'PLANTED-lambda-db-pw-41c9',
  awsSecretKey: 'wJalrXUtnFEMI/K7MDENG/PLANTEDbPxRfiCYzz9',
  urlPassword: 'PLANTED-url-pw-77aa',
  tagPassword: 'PLANTED-tag-pw-0b12',
  tagToken: 'PLANTED-tag-token-9d0e',
  connPassword: 'PLANTED-conn-pw-5e5e',
  appSettingKey: 'PLANTED-app-setting-key-3c3c',
  azureTagSecret: 'PLANTED-azure-tag-secret-1f1f',
  pemBody: 'MIIEPLANTEDprivateKEYbody0000aaaa',
  embeddedPem: 'MIIEPLANTEDembeddedKEY1111bbbb',
  gcpLabel: 'PLANTED-gcp-label-token-2a2a',
} as const;

/** An AWS Config snapshot, a Resource Graph result and a Cloud Asset export, with secrets in config and tags. */
export function plantedEstate(dir: string = mkdtempSync(join(tmpdir(), 'sg-estate-'))): string {
  const input = join(dir, 'exports');
  mkdirSync(input, { recursive: true });
  const items = [
    configItem({
      resourceType: 'AWS::RDS::DBInstance',
      resourceId: 'db-REPORTING',
      resourceName: 'reporting',
      arn: 'arn:aws:rds:us-east-1:123456789012:db:reporting',
      configuration: { dBInstanceIdentifier: 'reporting', storageEncrypted: false, engine: 'mysql', publiclyAccessible: true, masterUserPassword: PLANTED.lambdaPassword },
      tags: { owner: 'dba-team', phi: 'true', 'db-password': PLANTED.tagPassword },
    }),
    configItem({
      resourceType: 'AWS::RDS::DBInstance',
      resourceId: 'db-RECORDS',
      resourceName: 'records',
      arn: 'arn:aws:rds:us-east-1:123456789012:db:records',
      configuration: { dBInstanceIdentifier: 'records', storageEncrypted: true, kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k', engine: 'postgres', publiclyAccessible: false },
      tags: { team: 'platform' },
    }),
    configItem({
      resourceType: 'AWS::Lambda::Function',
      resourceId: 'hl7-intake',
      resourceName: 'hl7-intake',
      arn: 'arn:aws:lambda:us-east-1:123456789012:function:hl7-intake',
      configuration: {
        functionName: 'hl7-intake',
        environment: { variables: { DB_PASSWORD: PLANTED.lambdaPassword, AWS_SECRET_ACCESS_KEY: PLANTED.awsSecretKey, DATABASE_URL: `postgres://app:${PLANTED.urlPassword}@db.internal:5432/hl7`, LOG_LEVEL: 'info' } },
        tags: [{ key: 'api-token', value: PLANTED.tagToken }],
      },
      tags: { password: PLANTED.tagPassword },
    }),
  ];
  writeFileSync(join(input, 'aws-config-snapshot.json'), JSON.stringify({ fileVersion: '1.0', configSnapshotId: 'planted', configurationItems: items }));
  const web = argRow('Microsoft.Web/sites', 'Microsoft.Web/sites/portal', {
    httpsOnly: true,
    siteConfig: {
      connectionStrings: [{ name: 'Patients', connectionString: `Server=tcp:sql.example;Database=patients;User ID=app;Password=${PLANTED.connPassword};`, type: 'SQLAzure' }],
      appSettings: [{ name: 'STRIPE_API_KEY', value: PLANTED.appSettingKey }, { name: 'REGION', value: 'eastus2' }],
    },
  }, { tags: { 'client-secret': PLANTED.azureTagSecret, Owner: 'web-team' } });
  writeFileSync(join(input, 'azure-resource-graph.json'), JSON.stringify({ count: 1, data: [web], skip_token: null, total_records: 1 }));
  const bucket = exportAsset('storage.googleapis.com/Bucket', '//storage.googleapis.com/phi-extracts', {
    name: 'phi-extracts',
    labels: { token: PLANTED.gcpLabel, owner: 'data-team' },
    notes: { signingKey: `-----BEGIN RSA PRIVATE KEY-----\n${PLANTED.pemBody}\n-----END RSA PRIVATE KEY-----` },
    serviceAccountJson: JSON.stringify({ type: 'service_account', private_key: `-----BEGIN PRIVATE KEY-----\n${PLANTED.embeddedPem}\n-----END PRIVATE KEY-----\n` }),
  });
  writeFileSync(join(input, 'gcp-assets.ndjson'), JSON.stringify(bucket) + '\n');
  return input;
}

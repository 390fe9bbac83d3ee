import { describe, expect, it } from 'vitest';
import { looksSecret, namesSecret, redact, REDACTED } from '../../src/evidence/redact.js';

describe('redaction of secrets', () => {
  it('recognises keys that name a secret, in any case or spelling', () => {
    for (const key of ['password', 'Password', 'DB_PASSWORD', 'adminPassword', 'administratorLoginPassword', 'masterUserPassword', 'passwd', 'pwd', 'clientSecret', 'client_secret', 'SecretString', 'secretValue', 'aws_secret_access_key', 'SecretAccessKey', 'AccessKeyId', 'accessKey', 'api-key', 'X_API_KEY', 'authToken', 'sasToken', 'SAS', 'refresh_token', 'privateKey', 'private_key', 'PrivateKeyPem', 'connectionString', 'ConnectionString', 'accountKey', 'primaryKey', 'signingKey', 'rawKey', 'credentials']) {
      expect(namesSecret(key), key).toBe(true);
    }
  });

  it('keeps keys that describe a secret rather than hold one (evidence)', () => {
    for (const key of ['passwordLastUsed', 'minimumPasswordLength', 'requireSymbols', 'httpTokens', 'secretArn', 'kmsKeyId', 'kmsMasterKeyID', 'kmsKeyName', 'keySource', 'secretName', 'tokenType', 'disablePasswordAuthentication', 'allowSharedKeyAccess', 'diskEncryptionKey', 'encryption', 'Key', 'name', 'value', 'accessKeys', 'secrets', 'clientId', 'keyVaultUri', 'accessTokenAcceptedVersion']) {
      expect(namesSecret(key), key).toBe(false);
    }
  });

  it('recognises secrets by their shape whatever the key', () => {
    expect(looksSecret('-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----')).toBe(true);
    expect(looksSecret('Server=tcp:x.database.windows.net;Database=d;User ID=u;Password=p@ss;')).toBe(true);
    expect(looksSecret('DefaultEndpointsProtocol=https;AccountName=a;AccountKey=abc==;EndpointSuffix=core.windows.net')).toBe(true);
    expect(looksSecret('postgres://app:hunter2@db.internal:5432/x')).toBe(true);
    expect(looksSecret('https://a.blob.core.windows.net/c?sv=2022-11-02&sig=AbCdEfGhIjKlMnOpQrSt%3D')).toBe(true);
    expect(looksSecret('arn:aws:kms:us-east-1:123456789012:key/abc')).toBe(false);
    expect(looksSecret('https://example.com/path?x=1')).toBe(false);
    expect(looksSecret('Server=tcp:x;Database=d;Authentication=Active Directory Default')).toBe(false);
  });

  it('redacts nested objects, arrays, Key/Value tag pairs and name/value lists, keeping everything else', () => {
    const input = {
      properties: { adminPassword: 's3cret', sku: 'Standard', nested: [{ deeper: { client_secret: 'x', kept: 'y' } }] },
      Tags: [{ Key: 'db-password', Value: 'tagged-secret' }, { Key: 'owner', Value: 'team-a' }],
      labels: [{ key: 'api_token', value: 'tok' }],
      env: [{ name: 'STRIPE_SECRET_KEY', value: 'sk_live_x' }, { name: 'REGION', value: 'us-east-1' }],
      passwordPolicy: { minimumPasswordLength: 14, requireSymbols: true, passwordReusePrevention: 24 },
      password: { value: 'deep', length: 12, set: true },
      policyText: JSON.stringify({ Statement: [{ Effect: 'Deny' }], password: 'embedded' }),
      plain: 'nothing here',
    };
    const out = redact(input);
    expect(out).toEqual({
      properties: { adminPassword: REDACTED, sku: 'Standard', nested: [{ deeper: { client_secret: REDACTED, kept: 'y' } }] },
      Tags: [{ Key: 'db-password', Value: REDACTED }, { Key: 'owner', Value: 'team-a' }],
      labels: [{ key: 'api_token', value: REDACTED }],
      env: [{ name: 'STRIPE_SECRET_KEY', value: REDACTED }, { name: 'REGION', value: 'us-east-1' }],
      passwordPolicy: { minimumPasswordLength: 14, requireSymbols: true, passwordReusePrevention: 24 },
      password: { value: REDACTED, length: 12, set: true },
      policyText: JSON.stringify({ Statement: [{ Effect: 'Deny' }], password: REDACTED }),
      plain: 'nothing here',
    });
    // The input is not changed.
    expect(input.properties.adminPassword).toBe('s3cret');
  });

  it('leaves a document without secrets byte for byte the same', () => {
    const doc = { policyText: '{"Version":"2012-10-17"}', AccessControlList: '{"grantList":[]}', n: 1, b: false, z: null };
    expect(JSON.stringify(redact(doc))).toBe(JSON.stringify(doc));
  });
});

import { defineCheck } from '../../src/engine/check.js';
import { notApplicable, undecided } from '../../src/engine/verdict.js';
import { anyCase, anyCaseBoolean, anyCaseString, configurationMissing } from './_shared/any-case.js';
import { ELASTICACHE_TYPES, gradedOnReplicationGroup } from './_shared/elasticache.js';
import { gradeEncryptedStore } from './_shared/kms-key.js';

export default defineCheck({
  id: 'aws-elasticache-encrypted-at-rest',
  title: 'ElastiCache (Valkey / Redis OSS) is encrypted at rest',
  provider: 'aws',
  resourceTypes: ELASTICACHE_TYPES,
  category: 'encryption-at-rest',
  severity: 'high',
  dataStore: true,
  rationale:
    'Valkey and Redis OSS write cached data to disk during replication, swap and backups to S3; without encryption at rest, ePHI held in the cache (sessions, query results) sits on those disks and backups in the clear.',
  remediation: {
    text: 'Encryption at rest is set when a replication group is created: create an encrypted group (from a backup of the old one) and switch clients to it.',
    cli: 'aws elasticache create-replication-group --replication-group-id GROUP-encrypted --replication-group-description "encrypted" --engine valkey --cache-node-type cache.r7g.large --at-rest-encryption-enabled --kms-key-id KEY-ARN --transit-encryption-enabled --snapshot-name BACKUP',
    terraform:
      'resource "aws_elasticache_replication_group" "this" {\n  # ...\n  at_rest_encryption_enabled = true\n  kms_key_id                 = aws_kms_key.cache.arn\n  transit_encryption_enabled = true\n}',
  },
  evaluate(cache, context) {
    const missing = configurationMissing(cache, 'cache', 'whether it is encrypted at rest');
    if (missing) return missing;
    const member = gradedOnReplicationGroup(cache);
    if (member) return member;
    const engine = anyCaseString(cache.config, 'Engine') ?? null;
    // Node-based Memcached keeps data in memory only and has no at-rest encryption to turn on.
    if (engine === 'memcached') return notApplicable('Memcached keeps cached data in memory only, with nothing on disk to encrypt.', { Engine: engine });
    const kmsKeyId = anyCaseString(cache.config, 'KmsKeyId');
    const evidence = { AtRestEncryptionEnabled: anyCase(cache.config, 'AtRestEncryptionEnabled') ?? null, KmsKeyId: kmsKeyId ?? null, Engine: engine };
    const encrypted = anyCaseBoolean(cache.config, 'AtRestEncryptionEnabled');
    if (encrypted === undefined) return undecided('The cache record does not say whether encryption at rest is enabled.', evidence);
    return gradeEncryptedStore('cache', encrypted, kmsKeyId, cache, context, evidence);
  },
});

import { defineCheck } from '../../src/engine/check.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { anyCase, anyCaseBoolean, anyCaseString, configurationMissing } from './_shared/any-case.js';
import { ELASTICACHE_TYPES, gradedOnReplicationGroup } from './_shared/elasticache.js';

export default defineCheck({
  id: 'aws-elasticache-encrypted-in-transit',
  title: 'ElastiCache requires TLS for client and replication traffic',
  provider: 'aws',
  resourceTypes: ELASTICACHE_TYPES,
  category: 'encryption-in-transit',
  severity: 'high',
  rationale:
    'Without in-transit encryption, every value read from or written to the cache, and the AUTH token itself, crosses the network in the clear; TLS must also be required, not merely offered.',
  remediation: {
    text: 'Enable in-transit encryption and set the transit encryption mode to required once every client connects with TLS.',
    cli: 'aws elasticache modify-replication-group --replication-group-id GROUP --transit-encryption-enabled --transit-encryption-mode preferred --apply-immediately\n# after clients use TLS:\naws elasticache modify-replication-group --replication-group-id GROUP --transit-encryption-mode required --apply-immediately',
    terraform: 'resource "aws_elasticache_replication_group" "this" {\n  # ...\n  transit_encryption_enabled = true\n  transit_encryption_mode    = "required"\n}',
  },
  evaluate(cache) {
    const missing = configurationMissing(cache, 'cache', 'whether it requires TLS');
    if (missing) return missing;
    const member = gradedOnReplicationGroup(cache);
    if (member) return member;
    const mode = anyCaseString(cache.config, 'TransitEncryptionMode') ?? null;
    const evidence = { TransitEncryptionEnabled: anyCase(cache.config, 'TransitEncryptionEnabled') ?? null, TransitEncryptionMode: mode, Engine: anyCaseString(cache.config, 'Engine') ?? null };
    const enabled = anyCaseBoolean(cache.config, 'TransitEncryptionEnabled');
    if (enabled === undefined) return undecided('The cache record does not say whether in-transit encryption is enabled.', evidence);
    if (!enabled) return fail('The cache accepts only unencrypted connections: in-transit encryption is off.', evidence);
    // `preferred` is the migration mode: TLS is offered but plaintext clients are still accepted.
    if (mode === 'preferred') return fail('The cache offers TLS but still accepts unencrypted connections (transit encryption mode preferred).', evidence);
    return pass('The cache encrypts client and replication traffic with TLS.', evidence);
  },
});

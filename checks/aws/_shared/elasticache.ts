import type { Verdict } from '../../../src/engine/check.js';
import { notApplicable } from '../../../src/engine/verdict.js';
import type { Resource } from '../../../src/inventory/resource.js';
import { anyCaseString } from './any-case.js';

/**
 * AWS Config does not record ElastiCache (no AWS::ElastiCache type in its resource schema or in the
 * ResourceType enum of the Config API), so these items come from a collector calling
 * DescribeReplicationGroups / DescribeCacheClusters. Field names are read in any casing: the SDKs
 * write `AtRestEncryptionEnabled`, a Config-style serializer `atRestEncryptionEnabled`.
 */
export const ELASTICACHE_TYPES = ['AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::CacheCluster'];

/** A cache cluster that belongs to a replication group is graded once, on the group. */
export function gradedOnReplicationGroup(resource: Resource): Verdict | undefined {
  if (resource.type !== 'AWS::ElastiCache::CacheCluster') return undefined;
  const group = anyCaseString(resource.config, 'ReplicationGroupId');
  return group ? notApplicable(`This node belongs to replication group ${group}, which is graded instead.`, { ReplicationGroupId: group }) : undefined;
}

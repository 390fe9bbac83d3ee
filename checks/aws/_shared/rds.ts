import { anyCaseString } from './any-case.js';
import type { Resource } from '../../../src/inventory/resource.js';

/** The Aurora cluster a DB instance belongs to (Config: `dBClusterIdentifier`), if any. */
export function clusterOf(instance: Resource): string | undefined {
  return instance.type === 'AWS::RDS::DBInstance' ? anyCaseString(instance.config, 'dBClusterIdentifier') : undefined;
}

/** Engine-neutral word for the resource in reasons. */
export function rdsNoun(resource: Resource): string {
  return resource.type === 'AWS::RDS::DBCluster' ? 'database cluster' : 'database instance';
}

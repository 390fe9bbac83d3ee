import type { Verdict } from '../../../src/engine/check.js';
import { isRecord, stringField } from '../../../src/engine/read.js';
import { notApplicable, undecided } from '../../../src/engine/verdict.js';
import type { Resource } from '../../../src/inventory/resource.js';
import { configurationMissing } from './asset.js';

/**
 * The shared first steps of the Cloud SQL checks: the record must carry `settings`, and read
 * replicas (which take no backups of their own) are out of scope where `skipReplicas` is set.
 */
export function sqlSettings(instance: Resource, subject: string, skipReplicas = false): { settings: Record<string, unknown> } | { verdict: Verdict } {
  const missing = configurationMissing(instance, subject);
  if (missing) return { verdict: missing };
  const type = stringField(instance.config, 'instanceType');
  if (skipReplicas && (type === 'READ_REPLICA_INSTANCE' || stringField(instance.config, 'masterInstanceName'))) {
    return { verdict: notApplicable('The instance is a read replica; backups and point-in-time recovery are configured on its primary.', { instanceType: type ?? null }) };
  }
  const settings = instance.config.settings;
  if (!isRecord(settings)) return { verdict: undecided(`The instance record has no settings, so its ${subject} is unknown.`, { settings: settings ?? null }) };
  return { settings };
}

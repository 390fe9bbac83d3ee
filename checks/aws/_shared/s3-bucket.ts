import type { Verdict } from '../../../src/engine/check.js';
import { field, stringField } from '../../../src/engine/read.js';
import { fail, pass, undecided } from '../../../src/engine/verdict.js';
import type { Resource } from '../../../src/inventory/resource.js';

/**
 * AWS Config records a bucket's settings in `supplementaryConfiguration` (merged into `config`); an
 * item without any (a narrow advanced query, a bucket Config did not record) cannot say what is set.
 */
export function bucketSettingsMissing(bucket: Resource, question: string): Verdict | undefined {
  const supplementary = bucket.related.supplementaryConfiguration;
  if (!bucket.related.configurationMissing && supplementary !== undefined && Object.keys(supplementary as object).length > 0) return undefined;
  return undecided(`The configuration item carries no supplementaryConfiguration, so ${question} is unknown.`, {
    configuration: bucket.related.configurationMissing ? null : 'present',
    supplementaryConfiguration: bucket.related.supplementaryConfiguration ?? null,
  });
}

/** Versioning as Config writes it (`BucketVersioningConfiguration.status`: `Enabled`, `Suspended`, `Off`), with Object Lock beside it. */
/** `holder` opens the failing reason: "The bucket", or "The bucket holds ePHI but". */
export function versioningVerdict(bucket: Resource, holder = 'The bucket'): Verdict {
  const missing = bucketSettingsMissing(bucket, 'whether versioning is on');
  if (missing) return missing;
  const status = stringField(bucket.config, 'BucketVersioningConfiguration.status');
  const lock = field(bucket.config, 'ObjectLockConfiguration');
  const evidence = {
    versioningStatus: status ?? null,
    isMfaDeleteEnabled: field(bucket.config, 'BucketVersioningConfiguration.isMfaDeleteEnabled') ?? null,
    objectLockEnabled: stringField(lock, 'objectLockEnabled') ?? null,
    objectLockDefaultRetention: field(lock, 'rule.defaultRetention') ?? null,
  };
  if (status === undefined) {
    if (field(bucket.config, 'BucketVersioningConfiguration') === undefined) return fail(`${holder} has no versioning configuration: overwritten or deleted objects cannot be recovered.`, evidence);
    return undecided('BucketVersioningConfiguration gives no readable status.', evidence);
  }
  if (status === 'Enabled') {
    const locked = evidence.objectLockEnabled === 'Enabled' ? ', and Object Lock protects object versions from deletion' : '';
    return pass(`Versioning is enabled${locked}: overwritten or deleted objects can be restored.`, evidence);
  }
  if (status === 'Suspended') return fail(`${holder} has versioning suspended: overwrites and deletions since then cannot be undone.`, evidence);
  return fail(`${holder} has versioning off (${status}): overwritten or deleted objects cannot be recovered.`, evidence);
}

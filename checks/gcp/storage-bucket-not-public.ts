import { defineCheck } from '../../src/engine/check.js';
import { arrayField, isRecord, stringField } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { bindingsOf, iamPolicyOf, PUBLIC_MEMBERS } from './_shared/iam-policy.js';

export default defineCheck({
  id: 'gcp-storage-bucket-not-public',
  title: 'Cloud Storage bucket is not readable by allUsers or allAuthenticatedUsers',
  provider: 'gcp',
  resourceTypes: ['storage.googleapis.com/Bucket'],
  category: 'access-control',
  severity: 'high',
  rationale:
    'A bucket that grants a role to allUsers or allAuthenticatedUsers lets anyone on the internet (or any Google account) reach its objects: the commonest way ePHI leaks from cloud storage.',
  remediation: {
    text: 'Remove the allUsers and allAuthenticatedUsers members from the bucket IAM policy and ACLs, then enforce public access prevention on the bucket (or through the storage.publicAccessPrevention organisation policy).',
    cli: 'gcloud storage buckets remove-iam-policy-binding gs://BUCKET --member=allUsers --role=ROLE\ngcloud storage buckets update gs://BUCKET --public-access-prevention',
    terraform: 'resource "google_storage_bucket" "this" {\n  name                     = "BUCKET"\n  location                 = "US"\n  public_access_prevention = "enforced"\n}',
  },
  evaluate(bucket) {
    const policy = iamPolicyOf(bucket);
    const publicBindings = policy ? bindingsOf(policy).filter((b) => b.members.some((m) => PUBLIC_MEMBERS.has(m))) : [];
    const publicAcl = ['acl', 'defaultObjectAcl'].flatMap((path) =>
      (arrayField(bucket.config, path) ?? []).filter((e) => isRecord(e) && PUBLIC_MEMBERS.has(String(e.entity))).map((e) => ({ [path]: e })),
    );
    const prevention = stringField(bucket.config, 'iamConfiguration.publicAccessPrevention') ?? null;
    const evidence = {
      publicAccessPrevention: prevention,
      publicBindings: publicBindings.map((b) => ({ role: b.role, members: b.members.filter((m) => PUBLIC_MEMBERS.has(m)) })),
      publicAcl,
      iamPolicyInScan: !!policy,
    };
    // Enforced public access prevention overrides any public grant, present or future.
    if (prevention === 'enforced') return pass('Public access prevention is enforced, so no grant can make the bucket public.', evidence);
    if (publicBindings.length > 0) return fail('The bucket IAM policy grants access to allUsers or allAuthenticatedUsers.', evidence);
    if (publicAcl.length > 0) return fail('A bucket ACL grants access to allUsers or allAuthenticatedUsers.', evidence);
    if (!policy) return undecided('The bucket IAM policy is not in the scan (export with --content-type=iam-policy), so public access is unknown.', evidence);
    if (bucket.related.resourceMissing) {
      return undecided('The bucket IAM policy grants nothing public, but the bucket record itself (ACLs, public access prevention) is not in the scan.', evidence);
    }
    return pass('Neither the bucket IAM policy nor its ACLs grant access to allUsers or allAuthenticatedUsers.', evidence);
  },
});

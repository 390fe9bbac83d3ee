import { defineCheck } from '../../src/engine/check.js';
import { field, stringField } from '../../src/engine/read.js';
import { fail, notApplicable, pass, undecided } from '../../src/engine/verdict.js';
import { configurationMissing } from './_shared/asset.js';

const MAX_DAYS = 90;
const DAY = 86_400;

export default defineCheck({
  id: 'gcp-kms-key-rotation',
  title: 'Cloud KMS encryption key rotates at least every 90 days',
  provider: 'gcp',
  resourceTypes: ['cloudkms.googleapis.com/CryptoKey'],
  category: 'encryption-at-rest',
  severity: 'medium',
  rationale:
    'Automatic rotation limits how much ePHI any one key version protects and how long a leaked version stays useful; new data is encrypted with the new version while old versions still decrypt.',
  remediation: {
    text: 'Set a rotation period of 90 days or less (and a next rotation time) on the key.',
    cli: 'gcloud kms keys update KEY --keyring=RING --location=LOCATION --rotation-period=90d --next-rotation-time=2026-01-01T00:00:00Z',
    terraform: 'resource "google_kms_crypto_key" "this" {\n  name            = "KEY"\n  key_ring        = google_kms_key_ring.this.id\n  rotation_period = "7776000s" # 90 days\n}',
  },
  evaluate(key) {
    const missing = configurationMissing(key, 'rotation schedule');
    if (missing) return missing;
    const purpose = stringField(key.config, 'purpose');
    const rotation = field(key.config, 'rotationPeriod');
    const next = stringField(key.config, 'nextRotationTime');
    const evidence = {
      purpose: purpose ?? null,
      rotationPeriod: rotation ?? null,
      nextRotationTime: next ?? null,
      protectionLevel: stringField(key.config, 'versionTemplate.protectionLevel') ?? stringField(key.config, 'primary.protectionLevel') ?? null,
    };
    if (purpose === undefined) return undecided('The key record does not give its purpose, so whether it can rotate automatically is unknown.', evidence);
    // Cloud KMS rotates only symmetric encryption keys; signing, MAC and asymmetric keys are rotated by hand.
    if (purpose !== 'ENCRYPT_DECRYPT') return notApplicable(`Cloud KMS cannot rotate ${purpose} keys automatically.`, evidence);
    if (evidence.protectionLevel === 'EXTERNAL') return notApplicable('The key material lives in an external key manager, which rotates it; Cloud KMS cannot.', evidence);
    if (rotation === undefined || rotation === null) return fail('The key has no rotation period, so it never rotates automatically.', evidence);
    const seconds = typeof rotation === 'string' ? durationSeconds(rotation) : undefined;
    if (seconds === undefined) return undecided('The key\'s rotation period is not a duration this check can read.', evidence);
    const days = seconds / DAY;
    if (days > MAX_DAYS) return fail(`The key rotates every ${round(days)} days, more than ${MAX_DAYS}.`, { ...evidence, rotationDays: round(days) });
    // A rotation period alone is not enough if the next rotation was pushed far into the future.
    const observed = key.source.observedAt ? Date.parse(key.source.observedAt) : NaN;
    const due = next ? Date.parse(next) : NaN;
    if (!Number.isNaN(observed) && !Number.isNaN(due) && (due - observed) / 1000 / DAY > MAX_DAYS) {
      return fail(`The key's next rotation is ${round((due - observed) / 1000 / DAY)} days after it was observed, more than ${MAX_DAYS}.`, { ...evidence, rotationDays: round(days) });
    }
    return pass(`The key rotates automatically every ${round(days)} days.`, { ...evidence, rotationDays: round(days) });
  },
});

/** A protobuf Duration in JSON, such as `7776000s` or `7776000.5s`. */
function durationSeconds(d: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)s$/.exec(d.trim());
  return m ? Number(m[1]) : undefined;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

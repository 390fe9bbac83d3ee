import type { CheckContext, Evidence, Verdict } from '../../../src/engine/check.js';
import { field, stringField } from '../../../src/engine/read.js';
import { fail, pass, undecided } from '../../../src/engine/verdict.js';
import type { Resource } from '../../../src/inventory/resource.js';

/**
 * Cloud KMS key-version states in which the version cannot decrypt: data under it is unreadable
 * until someone re-enables (or restores) it, or for good once it is destroyed.
 */
const UNUSABLE_STATES = new Set(['DISABLED', 'DESTROY_SCHEDULED', 'DESTROYED']);

/** Brings a key version back: restore only undoes scheduled destruction (leaving it DISABLED), enable does the rest. */
export const REENABLE_KEY_VERSION_CLI =
  'gcloud kms keys versions restore VERSION --key=KEY --keyring=RING --location=LOCATION  # only if DESTROY_SCHEDULED\n' +
  'gcloud kms keys versions enable VERSION --key=KEY --keyring=RING --location=LOCATION';

const KEY_NAME = /^(projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+)(?:\/cryptoKeyVersions\/([^/]+))?$/;
const ASSET_PREFIX = '//cloudkms.googleapis.com/';

/** What the scan says about one customer-managed key. */
export interface CustomerKeyState {
  /** The CryptoKey resource name (`projects/P/locations/L/keyRings/R/cryptoKeys/K`), as configured when it does not parse. */
  key: string;
  /** The CryptoKeyVersion resource name, when the resource or the key's primary names one. */
  version: string | null;
  /** The version's state (`ENABLED`, `DISABLED`, …), or null when the scan does not record it. */
  state: string | null;
  /** The asset the state was read from. */
  stateFrom: string | null;
}

/**
 * A key name read from a resource: absent (Google-managed encryption), a key name, or a value
 * that is not a string, which cannot be graded.
 */
export function optionalKeyName(doc: unknown, path: string): { name: string | null } | undefined {
  const v = field(doc, path);
  if (v === undefined || v === null || v === '') return { name: null };
  return typeof v === 'string' ? { name: v } : undefined;
}

/**
 * Looks the key up among the scan's Cloud KMS assets. A named version is graded by its own
 * CryptoKeyVersion asset, or by the key's `primary` when that is the same version; a bare key
 * name is graded by the key's primary version, the one new data is encrypted with.
 */
export function customerKeyState(configured: string, context: CheckContext, versionName?: string): CustomerKeyState {
  // The version the resource reports (Cloud SQL's diskEncryptionStatus) wins over the configured name.
  const names = [versionName, configured].filter((n): n is string => !!n).map((n) => KEY_NAME.exec(stripAssetPrefix(n)));
  const key = names.find((m) => m)?.[1];
  if (!key) return { key: configured, version: versionName ?? null, state: null, stateFrom: null };
  let version = names.find((m) => m?.[2])?.[0] ?? null;

  if (version) {
    const asset = kmsAsset(context, version, 'cloudkms.googleapis.com/CryptoKeyVersion');
    const state = asset && stringField(asset.config, 'state');
    if (asset && state) return { key, version, state, stateFrom: asset.id };
  }
  const keyAsset = kmsAsset(context, key, 'cloudkms.googleapis.com/CryptoKey');
  const primary = keyAsset && stringField(keyAsset.config, 'primary.name');
  const primaryState = keyAsset && stringField(keyAsset.config, 'primary.state');
  if (keyAsset && primaryState && (!version || primary === version)) {
    version ??= primary ?? null;
    return { key, version, state: primaryState, stateFrom: keyAsset.id };
  }
  return { key, version, state: null, stateFrom: null };
}

/**
 * The verdict for data under a customer-managed key: fail when the scan shows the key version
 * cannot decrypt, pass otherwise (Google encrypts the data either way), with the key's state as
 * evidence.
 */
export function gradeCustomerKey(what: string, configured: string, context: CheckContext, evidence: Evidence, versionName?: string): Verdict {
  const k = customerKeyState(configured, context, versionName);
  const all: Evidence = {
    ...evidence,
    keyType: 'customer-managed (Cloud KMS)',
    kmsKey: k.key,
    kmsKeyVersion: k.version,
    keyState: k.state ?? 'not in the inventory',
    keyStateFrom: k.stateFrom,
  };
  if (k.state && UNUSABLE_STATES.has(k.state)) {
    return fail(`The ${what} is encrypted with customer-managed key ${k.key}, but its key version is ${k.state}, so the data cannot be decrypted.`, all);
  }
  if (k.state) return pass(`The ${what} is encrypted with customer-managed key ${k.key} (key version ${k.state}).`, all);
  return pass(`The ${what} is encrypted with customer-managed key ${k.key}; the key's state is not in the inventory.`, all);
}

/** The same reason for every GCP check when the export carried no `resource.data`. */
export function resourceDataMissing(resource: Resource): Verdict | undefined {
  if (!resource.related.resourceMissing) return undefined;
  return undecided('The asset record carries no resource data (export the RESOURCE content type), so its encryption is unknown.', { resourceData: null });
}

function kmsAsset(context: CheckContext, name: string, type: string): Resource | undefined {
  const asset = context.resourceById('gcp', ASSET_PREFIX + name);
  return asset && asset.type === type && !asset.related.resourceMissing ? asset : undefined;
}

function stripAssetPrefix(name: string): string {
  return name.startsWith(ASSET_PREFIX) ? name.slice(ASSET_PREFIX.length) : name;
}

import type { CheckContext, Evidence, Verdict } from '../../../src/engine/check.js';
import { fail, pass } from '../../../src/engine/verdict.js';
import type { Resource } from '../../../src/inventory/resource.js';
import { indexBy } from '../../_shared/scan-index.js';
import { anyCaseString } from './any-case.js';

/** Who manages a KMS key, as `AWS::KMS::Key.configuration.keyManager` says it. */
export type KeyManager = 'AWS' | 'CUSTOMER';

/** What a resource's KMS key reference and the rest of the scan say about that key. */
export interface KmsKeyFacts {
  /** The reference as the resource writes it: key id, key ARN, alias name or alias ARN. */
  configured: string;
  /** `AWS` (an AWS managed key such as `aws/s3`) or `CUSTOMER`; null when neither the name nor the scan says. */
  keyManager: KeyManager | null;
  /** Why `keyManager` is what it is, in a phrase. */
  keyManagerFrom: string;
  /** The `AWS::KMS::Key` item the facts were read from, when the scan holds it. */
  keyArn: string | null;
  /** `keyState` of that item (`Enabled`, `Disabled`, `PendingDeletion`, …); null when the key is not in the scan. */
  keyState: string | null;
}

/** KMS key states in which the key cannot decrypt: data under it is unreadable until the key is usable again. */
const UNUSABLE_STATES = new Set(['Disabled', 'PendingDeletion', 'PendingImport', 'PendingReplicaDeletion', 'Unavailable']);

const KMS_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]*):(\d{12}):(key|alias)\/(.+)$/;

/**
 * Resolves a KMS key reference. Alias names under `alias/aws/` are reserved for AWS managed keys,
 * and customers can point their own aliases only at customer managed keys, so an alias settles it;
 * a key id or ARN is settled by the key's own Config item when the scan holds it, or by its account
 * (AWS managed keys cannot be used from another account).
 */
export function kmsKeyFacts(configured: string, owner: Resource, context: CheckContext): KmsKeyFacts {
  const arn = KMS_ARN.exec(configured);
  const region = arn?.[1] || owner.region;
  const account = arn?.[2] ?? owner.account;
  // Facts from the reference alone: the key itself is not in the scan.
  const facts = (keyManager: KeyManager | null, keyManagerFrom: string): KmsKeyFacts => ({ configured, keyManager, keyManagerFrom, keyArn: null, keyState: null });

  if (arn?.[3] === 'alias' || (!arn && configured.startsWith('alias/'))) {
    const aliasName = arn ? `alias/${arn[4]}` : configured;
    if (aliasName.startsWith('alias/aws/')) return facts('AWS', `${aliasName} is an AWS managed key alias`);
    const target = findAliasTarget(aliasName, account, region, context);
    const key = target === undefined ? undefined : findKey(target, account, region, context);
    if (key) return fromKeyItem(configured, key);
    return facts('CUSTOMER', `${aliasName} is a customer alias, which only customer managed keys can have`);
  }

  const key = context.resourceById('aws', configured) ?? findKey(arn ? arn[4]! : configured, account, region, context);
  if (key && key.type === 'AWS::KMS::Key') return fromKeyItem(configured, key);
  if (arn && owner.account && arn[2] !== owner.account) {
    return facts('CUSTOMER', `the key is in account ${arn[2]}, and AWS managed keys cannot be used from another account`);
  }
  return facts(null, 'the key is not in this scan');
}

/** True when the scan shows the key cannot decrypt (disabled, pending deletion, …). */
export function keyUnusable(facts: KmsKeyFacts): boolean {
  return facts.keyState !== null && UNUSABLE_STATES.has(facts.keyState);
}

/** The key facts as finding evidence. */
export function keyEvidence(facts: KmsKeyFacts): Evidence {
  return {
    kmsKey: facts.configured,
    keyManager: facts.keyManager ?? 'unknown',
    keyManagerFrom: facts.keyManagerFrom,
    keyState: facts.keyState ?? 'not in the scan',
  };
}

/** A phrase naming the key for a reason sentence: "customer managed key K", "AWS managed key K". */
export function describeKey(facts: KmsKeyFacts): string {
  if (facts.keyManager === 'CUSTOMER') return `customer managed KMS key ${facts.configured}`;
  if (facts.keyManager === 'AWS') return `AWS managed KMS key ${facts.configured}`;
  return `KMS key ${facts.configured}`;
}

/**
 * The verdict for a store that says whether it is encrypted and, optionally, with which key: fail
 * when it is not, or when the scan shows its key cannot decrypt; pass otherwise, with the key facts.
 */
export function gradeEncryptedStore(
  what: string,
  encrypted: boolean,
  keyRef: string | undefined,
  owner: Resource,
  context: CheckContext,
  evidence: Evidence,
): Verdict {
  if (!encrypted) return fail(`The ${what} stores its data unencrypted.`, evidence);
  if (!keyRef) return pass(`The ${what} is encrypted at rest.`, evidence);
  const key = kmsKeyFacts(keyRef, owner, context);
  const all = { ...evidence, ...keyEvidence(key) };
  if (keyUnusable(key)) return fail(`The ${what} is encrypted with ${describeKey(key)}, but the key is ${key.keyState}, so the data cannot be decrypted.`, all);
  return pass(`The ${what} is encrypted at rest with ${describeKey(key)}.`, all);
}

function fromKeyItem(configured: string, key: Resource): KmsKeyFacts {
  const manager = anyCaseString(key.config, 'keyManager');
  return {
    configured,
    keyManager: manager === 'AWS' || manager === 'CUSTOMER' ? manager : null,
    keyManagerFrom: manager === 'AWS' || manager === 'CUSTOMER' ? `keyManager of ${key.id} in this scan` : `${key.id} in this scan does not say who manages it`,
    keyArn: key.id,
    keyState: anyCaseString(key.config, 'keyState') ?? null,
  };
}

function sameHome(r: Resource, account: string | undefined, region: string | undefined): boolean {
  return (!account || !r.account || r.account === account) && (!region || !r.region || r.region === region);
}

/** The first live key of the scan whose configuration keyId is `keyId` or whose ARN ends in `:key/<keyId>`, in the home. */
function findKey(keyId: string, account: string | undefined, region: string | undefined, context: CheckContext): Resource | undefined {
  return indexBy(context.resourcesOfType('aws', 'AWS::KMS::Key'), keyIds).get(keyId)?.find((k) => sameHome(k, account, region));
}

function findAliasTarget(aliasName: string, account: string | undefined, region: string | undefined, context: CheckContext): string | undefined {
  const alias = indexBy(context.resourcesOfType('aws', 'AWS::KMS::Alias'), aliasNames).get(aliasName)?.find((a) => sameHome(a, account, region));
  const target = alias && anyCaseString(alias.config, 'TargetKeyId');
  // TargetKeyId is a key id; tolerate an ARN.
  return target ? (KMS_ARN.exec(target)?.[4] ?? target) : undefined;
}

/** A live key's ids: its configuration keyId, and each `<id>` its ARN ends in as `:key/<id>`. */
function keyIds(key: Resource): string[] {
  if (key.deleted) return [];
  const ids: string[] = [];
  const configured = anyCaseString(key.config, 'keyId');
  if (configured !== undefined) ids.push(configured);
  for (let at = key.id.indexOf(':key/'); at >= 0; at = key.id.indexOf(':key/', at + 1)) ids.push(key.id.slice(at + ':key/'.length));
  return ids;
}

/** A live alias's AliasName. */
function aliasNames(alias: Resource): string[] {
  const name = anyCaseString(alias.config, 'AliasName');
  return alias.deleted || name === undefined ? [] : [name];
}

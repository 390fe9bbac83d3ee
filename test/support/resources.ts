import type { Check, Profile, Verdict } from '../../src/engine/check.js';
import { ScanContext } from '../../src/engine/context.js';
import { decodeConfigurationItem } from '../../src/import/aws-config.js';
import { decodeAzureRow } from '../../src/import/azure-graph.js';
import { decodeAsset } from '../../src/import/gcp-asset.js';
import type { Resource } from '../../src/inventory/resource.js';

/**
 * Test resources go through the same decoders as real exports, so every check case is written in
 * the cloud's own format (a Config item, a Resource Graph row, a Cloud Asset record).
 */
export function fromConfigItem(item: unknown): Resource {
  return decodeConfigurationItem(item, { file: 'test', at: 'item' }, 'test');
}

export function fromArgRow(row: unknown): Resource {
  return decodeAzureRow(row, { file: 'test', at: 'row' }, 'test');
}

export function fromAsset(asset: unknown): Resource {
  return decodeAsset(asset, { file: 'test', at: 'asset' }, 'test');
}

/** Run one check on one resource, with `others` visible through the context. */
export function verdictOf(check: Check, resource: Resource, others: Resource[] = [], profile: Profile = 'default'): Verdict {
  return check.evaluate(resource, new ScanContext([resource, ...others], profile));
}

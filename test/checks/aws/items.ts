import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { Check, Verdict } from '../../../src/engine/check.js';
import { fromConfigItem, verdictOf } from '../../support/resources.js';

/** What differs between one configuration item and the next in these tables. */
export interface ItemParts {
  resourceType: string;
  resourceId: string;
  arn: string;
  resourceName?: string;
  configuration: Record<string, unknown> | null;
  supplementaryConfiguration?: Record<string, unknown>;
  tags?: Record<string, string>;
  configurationItemStatus?: string;
  availabilityZone?: string;
}

/**
 * A configuration item in the history/snapshot-file shape AWS Config delivers to S3: objects,
 * not JSON strings. Account, region and capture time are fixed so cases differ only where
 * they mean to.
 */
export function configItem(parts: ItemParts): Record<string, unknown> {
  const { configurationItemStatus = 'OK', availabilityZone = 'Regional', supplementaryConfiguration = {}, tags = {}, ...rest } = parts;
  return {
    version: '1.3',
    accountId: '123456789012',
    configurationItemCaptureTime: '2025-03-04T10:15:30.120Z',
    configurationItemStatus,
    configurationStateId: '1741083330120',
    configurationItemMD5Hash: '',
    awsRegion: 'us-east-1',
    availabilityZone,
    resourceCreationTime: '2024-11-18T09:02:11.000Z',
    relatedEvents: [],
    relationships: [],
    ...rest,
    supplementaryConfiguration,
    tags,
  };
}

/**
 * The same item as the Config API returns it (BatchGetResourceConfig, GetResourceConfigHistory,
 * SelectResourceConfig): `configuration` and each supplementary value are JSON strings.
 */
export function asApiItem(item: Record<string, unknown>): Record<string, unknown> {
  const supplementary = (item.supplementaryConfiguration ?? {}) as Record<string, unknown>;
  return {
    ...item,
    configuration: JSON.stringify(item.configuration),
    supplementaryConfiguration: Object.fromEntries(Object.entries(supplementary).map(([k, v]) => [k, JSON.stringify(v)])),
  };
}

/** A real configuration item from /work/shared/samples/aws-config (outside the repo). */
export function sampleItem(relativePath: string): Record<string, unknown> {
  const url = new URL(`../../../../shared/samples/aws-config/${relativePath}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
}

export interface VerdictCase {
  /** "passes when …", "fails when …", "is undecided when …". */
  title: string;
  item: unknown;
  status: Verdict['status'];
  /** Observed values the verdict must cite; every case names at least one. */
  evidence: Record<string, unknown>;
}

/** RuleTester-style table: one test per case, asserting the status and the evidence it cites. */
export function verdictTable(check: Check, cases: VerdictCase[]): void {
  it.each(cases)('$title', ({ item, status, evidence }) => {
    const verdict = verdictOf(check, fromConfigItem(item));
    expect(verdict.status).toBe(status);
    expect(verdict.reason).toMatch(/^[A-Z].*\.$/);
    expect(verdict.evidence).toMatchObject(evidence);
  });
}

import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { Check, Verdict } from '../../../src/engine/check.js';
import { fromArgRow, verdictOf } from '../../support/resources.js';

export const SUBSCRIPTION = '5d1f0c2a-7e4b-4b8e-9f3a-61c2d8e4a7b9';
export const RESOURCE_GROUP = 'rg-clinical-prod';

/**
 * A Resource Graph `Resources` row with every column `az graph query` returns. `path` is what
 * follows `/providers/` in the id; `type` is written in lower case, as Resource Graph writes it.
 */
export function argRow(type: string, path: string, properties: Record<string, unknown> | null, columns: Record<string, unknown> = {}): Record<string, unknown> {
  const id = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/${path}`;
  return {
    id,
    name: path.split('/').pop(),
    type: type.toLowerCase(),
    tenantId: '0b6e3d2f-4c1a-4e8b-a5d7-9c2f1e8b3a60',
    kind: '',
    location: 'eastus2',
    resourceGroup: RESOURCE_GROUP,
    subscriptionId: SUBSCRIPTION,
    managedBy: '',
    sku: null,
    plan: null,
    properties,
    tags: { environment: 'prod', 'data-classification': 'phi' },
    identity: null,
    zones: null,
    extendedLocation: null,
    ...columns,
  };
}

/** The resource an Azure REST API specification example returns (`responses["200"].body`). */
export function armExampleBody(file: string): unknown {
  const url = new URL(`../../../../shared/samples/azure/arm-rest-examples/${file}`, import.meta.url);
  const example = JSON.parse(readFileSync(url, 'utf8')) as { responses: Record<string, { body: unknown }> };
  return example.responses['200']!.body;
}

/** The rows of a Resource Graph query response sample (`responses["200"].body.data`). */
export function resourceGraphRows(file: string): unknown[] {
  const url = new URL(`../../../../shared/samples/azure/resource-graph/${file}`, import.meta.url);
  const example = JSON.parse(readFileSync(url, 'utf8')) as { responses: Record<string, { body: { data: unknown[] } }> };
  return example.responses['200']!.body.data;
}

/** One row of a check's table: a record in Azure's own format and the verdict it must get. */
export interface RowCase {
  name: string;
  row: unknown;
  /** Other records of the same scan, visible through the context. */
  others?: unknown[];
  status: Verdict['status'];
  evidence: Record<string, unknown>;
}

/** RuleTester-style: one test per case, asserting the status and the evidence it rests on. */
export function gradesRows(check: Check, cases: RowCase[]): void {
  it.each(cases)('$name → $status', ({ row, others, status, evidence }) => {
    const verdict = verdictOf(check, fromArgRow(row), (others ?? []).map(fromArgRow));
    expect(verdict).toMatchObject({ status, evidence });
  });
}

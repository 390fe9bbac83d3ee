import { describe, expect, it } from 'vitest';
import check from '../../../checks/azure/subscription-activity-log-exported.js';
import { synthesizeSubscriptions } from '../../../src/import/azure-subscription.js';
import { decodeFile } from '../../../src/import/index.js';
import type { Resource } from '../../../src/inventory/resource.js';
import { diagnosticSetting, gradesResources, gradesRows, keyVaultRow, subscriptionRow, SUBSCRIPTION, WORKSPACE } from './rows.js';

const SCOPE = `/subscriptions/${SUBSCRIPTION}`;
const logs = (...categories: string[]) => categories.map((category) => ({ category, enabled: true }));

/** A scan of Resources rows (no `resourcecontainers` row) plus `others`, with its subscription synthesized. */
function scanWithoutSubscriptionRow(...others: unknown[]): Resource[] {
  const resources: Resource[] = [];
  decodeFile(JSON.stringify({ data: [keyVaultRow('kv-phi-prod')] }), 'arg.json', (r) => resources.push(r));
  if (others.length > 0) decodeFile(JSON.stringify({ value: others }), 'diagnostic-settings.json', (r) => resources.push(r));
  synthesizeSubscriptions(resources);
  return resources;
}
const isSubscription = (r: Resource) => r.type === 'microsoft.resources/subscriptions';

describe(check.id, () => {
  gradesRows(check, [
    {
      name: 'Administrative, Security and Policy to Log Analytics',
      row: subscriptionRow(),
      others: [diagnosticSetting(SCOPE, 'activity-log', { workspaceId: WORKSPACE, logs: logs('Administrative', 'Security', 'ServiceHealth', 'Alert', 'Recommendation', 'Policy', 'Autoscale', 'ResourceHealth') })],
      status: 'pass',
      evidence: { diagnosticSettings: [{ name: 'activity-log', destinations: { workspaceId: WORKSPACE } }] },
    },
    {
      name: 'allLogs category group (listSubscriptionDiagnosticSettings example shape)',
      row: subscriptionRow(),
      others: [diagnosticSetting(SCOPE, 'ds4', { workspaceId: WORKSPACE, logs: [{ categoryGroup: 'allLogs', enabled: true }] })],
      status: 'pass',
      evidence: { diagnosticSettings: [{ name: 'ds4', logs: ['group:allLogs'] }] },
    },
    {
      name: 'Policy category not exported',
      row: subscriptionRow(),
      others: [diagnosticSetting(SCOPE, 'activity-log', { workspaceId: WORKSPACE, logs: [...logs('Administrative', 'Security'), { category: 'Policy', enabled: false }] })],
      status: 'fail',
      evidence: { missing: ['Policy'] },
    },
    {
      name: 'categories split across two settings, one without a destination',
      row: subscriptionRow(),
      others: [diagnosticSetting(SCOPE, 'to-workspace', { workspaceId: WORKSPACE, logs: logs('Administrative', 'Policy') }), diagnosticSetting(SCOPE, 'to-nowhere', { logs: logs('Security') })],
      status: 'fail',
      evidence: { missing: ['Security'] },
    },
    { name: 'no diagnostic settings in the scan', row: subscriptionRow(), status: 'error', evidence: { diagnosticSettings: [] } },
  ]);
});

describe(`${check.id} on a synthesized subscription`, () => {
  gradesResources(check, [
    {
      name: 'Resources rows only: the subscription is synthesized and the check asks for its settings',
      resources: scanWithoutSubscriptionRow(),
      pick: isSubscription,
      status: 'error',
      evidence: { subscriptionRow: 'synthesized', diagnosticSettings: [] },
    },
    {
      name: 'synthesized subscription with its exported settings',
      resources: scanWithoutSubscriptionRow(diagnosticSetting(SCOPE, 'activity-log', { workspaceId: WORKSPACE, logs: logs('Administrative', 'Security', 'Policy') })),
      pick: isSubscription,
      status: 'pass',
      evidence: { subscriptionRow: 'synthesized' },
    },
  ]);

  it('synthesizes one subscription per subscription id, and none where the resourcecontainers row is present', () => {
    const synthesized = scanWithoutSubscriptionRow().filter(isSubscription);
    expect(synthesized).toHaveLength(1);
    expect(synthesized[0]).toMatchObject({ id: SCOPE, account: SUBSCRIPTION, related: { synthesized: true, tenantId: '0b6e3d2f-4c1a-4e8b-a5d7-9c2f1e8b3a60' } });
    const resources: Resource[] = [];
    decodeFile(JSON.stringify({ data: [keyVaultRow('kv-phi-prod'), subscriptionRow()] }), 'arg.json', (r) => resources.push(r));
    synthesizeSubscriptions(resources);
    expect(resources.filter(isSubscription).map((r) => r.related.synthesized)).toEqual([undefined]);
  });
});

import type { Resource } from '../inventory/resource.js';

/** Resource Graph's `resourcecontainers` type for a subscription (id `/subscriptions/<id>`). */
export const SUBSCRIPTION_TYPE = 'microsoft.resources/subscriptions';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Subscription-level controls (activity log export) are graded on the subscription resource. A
 * `Resources` query does not return it (it is in `resourcecontainers`), so for every subscription
 * the scan has resources of but no subscription row, add one marked `related.synthesized: true`:
 * its checks then say what to export instead of staying silent. Works in place.
 */
export function synthesizeSubscriptions(resources: Resource[]): void {
  const present = new Set<string>();
  for (const r of resources) if (r.provider === 'azure' && r.type.toLowerCase() === SUBSCRIPTION_TYPE) present.add(r.id.toLowerCase());
  const found = new Map<string, { id: string; members: Resource[] }>();
  for (const r of resources) {
    if (r.provider !== 'azure') continue;
    const id = /^\/subscriptions\/([^/]+)/i.exec(r.id)?.[1];
    if (!id || !GUID.test(id)) continue;
    const key = `/subscriptions/${id}`.toLowerCase();
    if (present.has(key)) continue;
    const entry = found.get(key) ?? { id, members: [] };
    entry.members.push(r);
    found.set(key, entry);
  }
  for (const { id, members } of found.values()) {
    const tenants = new Set(members.map((m) => m.related.tenantId).filter((t): t is string => typeof t === 'string' && t !== '').map((t) => t.toLowerCase()));
    const related: Record<string, unknown> = { synthesized: true };
    if (tenants.size === 1) related.tenantId = [...tenants][0];
    resources.push({
      provider: 'azure',
      type: SUBSCRIPTION_TYPE,
      id: `/subscriptions/${id}`,
      name: id,
      account: id,
      tags: {},
      config: { subscriptionId: id },
      related,
      source: { format: 'synthesized', file: members[0]!.source.file },
    });
  }
}

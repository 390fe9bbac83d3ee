import type { Finding } from '../engine/finding.js';
import type { Resource } from '../inventory/resource.js';

/**
 * Is a resource reachable from the internet? Read from the evidence checks recorded and from the
 * resource's own configuration: an explicit public flag (`publiclyAccessible: true`,
 * `allowBlobPublicAccess: true`, `publicNetworkAccess: "Enabled"`, Cloud SQL `ipv4Enabled`), a
 * public address (`publicIpAddress`, GCP `natIP`), an internet-wide grant (`0.0.0.0/0`, `::/0`,
 * `allUsers`, `allAuthenticatedUsers`) or a load balancer scheme of `internet-facing`. Egress
 * rules are not exposure. Any sign counts: a risk analysis should over-rate, not miss, exposure.
 */
export interface Exposure {
  internetFacing: boolean;
  /** Where the sign was found, e.g. `config.publiclyAccessible = true`. */
  basis: string | null;
}

const PUBLIC_FLAGS = new Set(['publiclyaccessible', 'publicaccess', 'ispublic', 'public', 'internetfacing', 'allowblobpublicaccess', 'mappubliciponlaunch', 'associatepublicipaddress', 'ipv4enabled']);
const ENABLED_VALUES = new Set(['enabled', 'true', 'yes']);
const PUBLIC_ADDRESS_KEYS = new Set(['publicip', 'publicipaddress', 'natip', 'publicdnsname', 'publicipaddresses']);
const WORLD_VALUES = new Set(['0.0.0.0/0', '::/0', 'allusers', 'allauthenticatedusers', 'internet-facing']);
const SKIP_SUBTREES = /egress|outbound/i;

export function exposureOf(resource: Pick<Resource, 'config' | 'related'> | undefined, findings: readonly Pick<Finding, 'evidence'>[]): Exposure {
  for (const f of findings) {
    const basis = search(f.evidence, 'evidence', 0);
    if (basis) return { internetFacing: true, basis };
  }
  if (resource) {
    const basis = search(resource.config, 'config', 0) ?? search(resource.related, 'related', 0);
    if (basis) return { internetFacing: true, basis };
  }
  return { internetFacing: false, basis: null };
}

function search(value: unknown, path: string, depth: number): string | null {
  if (depth > 12 || value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (typeof v === 'string' && WORLD_VALUES.has(v.toLowerCase())) return `${path}[${i}] = ${v}`;
      const hit = search(v, `${path}[${i}]`, depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (SKIP_SUBTREES.test(k)) continue;
    const key = k.toLowerCase().replace(/[^a-z0-9]/g, '');
    const here = `${path}.${k}`;
    if (PUBLIC_FLAGS.has(key) && (v === true || (typeof v === 'string' && ENABLED_VALUES.has(v.toLowerCase())))) return `${here} = ${String(v)}`;
    if (key === 'publicnetworkaccess' && typeof v === 'string' && v.toLowerCase() === 'enabled') return `${here} = ${v}`;
    if (PUBLIC_ADDRESS_KEYS.has(key) && ((typeof v === 'string' && v.trim() !== '') || (Array.isArray(v) && v.length > 0))) return `${here} = ${typeof v === 'string' ? v : JSON.stringify(v)}`;
    if (typeof v === 'string' && WORLD_VALUES.has(v.toLowerCase())) return `${here} = ${v}`;
    const hit = search(v, here, depth + 1);
    if (hit) return hit;
  }
  return null;
}

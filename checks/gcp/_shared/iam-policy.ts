import { isRecord } from '../../../src/engine/read.js';
import type { Resource } from '../../../src/inventory/resource.js';

/** Principals that mean "anyone on the internet" and "anyone with a Google account". */
export const PUBLIC_MEMBERS = new Set(['allUsers', 'allAuthenticatedUsers']);

export interface Binding {
  role: string;
  members: string[];
}

/** The asset's IAM policy as the importer merged it (camelCase, string enums), if the scan has it. */
export function iamPolicyOf(resource: Resource): Record<string, unknown> | undefined {
  const policy = resource.related.iamPolicy;
  return isRecord(policy) ? policy : undefined;
}

export function bindingsOf(policy: Record<string, unknown>): Binding[] {
  const raw = Array.isArray(policy.bindings) ? policy.bindings : [];
  return raw.filter(isRecord).map((b) => ({
    role: typeof b.role === 'string' ? b.role : '',
    members: Array.isArray(b.members) ? b.members.filter((m): m is string => typeof m === 'string') : [],
  }));
}

/** One log type a policy's audit config enables, with the principals it exempts. */
export interface AuditLogSetting {
  service: string;
  logType: string;
  exemptedMembers: string[];
  /** The asset whose policy says so. */
  from: string;
}

/** Every audit-log setting in a policy (`auditConfigs[].auditLogConfigs[]`). */
export function auditLogSettings(policy: Record<string, unknown>, from: string): AuditLogSetting[] {
  const configs = Array.isArray(policy.auditConfigs) ? policy.auditConfigs.filter(isRecord) : [];
  return configs.flatMap((c) => {
    const service = typeof c.service === 'string' ? c.service : '';
    const logs = Array.isArray(c.auditLogConfigs) ? c.auditLogConfigs.filter(isRecord) : [];
    return logs.map((l) => ({
      service,
      logType: typeof l.logType === 'string' ? l.logType : String(l.logType),
      exemptedMembers: Array.isArray(l.exemptedMembers) ? l.exemptedMembers.filter((m): m is string => typeof m === 'string') : [],
      from,
    }));
  });
}

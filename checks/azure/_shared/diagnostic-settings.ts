import type { CheckContext } from '../../../src/engine/check.js';
import { arrayField, booleanField, isRecord, stringField } from '../../../src/engine/read.js';
import type { Resource } from '../../../src/inventory/resource.js';
import { indexBy } from '../../_shared/scan-index.js';
import { presentString } from './arm.js';

export const DIAGNOSTIC_SETTINGS_TYPE = 'Microsoft.Insights/diagnosticSettings';
const DESTINATIONS = ['workspaceId', 'storageAccountId', 'eventHubAuthorizationRuleId', 'marketplacePartnerId'];

/**
 * The diagnostic settings of one scope (a resource or a subscription): ARM lists them at
 * `<scope id>/providers/Microsoft.Insights/diagnosticSettings`, each with the id
 * `<scope id>/providers/microsoft.insights/diagnosticSettings/<name>`.
 */
export function diagnosticSettingsOf(context: CheckContext, scopeId: string): Resource[] {
  const prefix = `${scopeId.replace(/\/+$/, '')}${MARKER}`.toLowerCase();
  // The settings whose lower-cased id starts with `prefix`, found in an index built once per scan.
  return [...(indexBy(context.resourcesOfType('azure', DIAGNOSTIC_SETTINGS_TYPE), scopePrefixes).get(prefix) ?? [])];
}

const MARKER = '/providers/microsoft.insights/diagnosticsettings/';

/**
 * Every `<scope>/providers/microsoft.insights/diagnosticsettings/` prefix of a setting's lower-cased
 * id: a prefix asked for ends with the marker, so an id starts with it exactly when it is one of these.
 */
function scopePrefixes(setting: Resource): string[] {
  const id = setting.id.toLowerCase();
  const prefixes: string[] = [];
  for (let at = id.indexOf(MARKER); at >= 0; at = id.indexOf(MARKER, at + 1)) prefixes.push(id.slice(0, at + MARKER.length));
  return prefixes;
}

/** What a setting exports and where: the evidence an auditor reads. */
export interface ExportedLogs {
  name: string;
  /** Enabled log categories; a category group is written `group:<name>` (e.g. `group:allLogs`). */
  logs: string[];
  destinations: Record<string, string>;
  /** Storage-account retention in days, where a log sets one (0 keeps logs forever). */
  retentionDays: Record<string, number>;
}

export function exportedLogs(setting: Resource): ExportedLogs {
  const logs: string[] = [];
  const retentionDays: Record<string, number> = {};
  for (const log of arrayField(setting.config, 'logs') ?? []) {
    if (!isRecord(log) || booleanField(log, 'enabled') !== true) continue;
    const category = stringField(log, 'category');
    const group = stringField(log, 'categoryGroup');
    const label = category ?? (group ? `group:${group}` : undefined);
    if (!label) continue;
    logs.push(label);
    const days = log.retentionPolicy;
    if (isRecord(days) && booleanField(days, 'enabled') === true && typeof days.days === 'number') retentionDays[label] = days.days;
  }
  const destinations: Record<string, string> = {};
  for (const d of DESTINATIONS) {
    const v = presentString(setting.config[d]);
    if (v) destinations[d] = v;
  }
  return { name: setting.name, logs, destinations, retentionDays };
}

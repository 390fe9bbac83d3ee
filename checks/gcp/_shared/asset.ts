import type { Verdict } from '../../../src/engine/check.js';
import { undecided } from '../../../src/engine/verdict.js';
import type { Resource } from '../../../src/inventory/resource.js';

/**
 * An asset record without `resource.data` (an IAM-policy or org-policy record alone): the
 * configuration a check reads is unknown. `subject` names what cannot be graded.
 */
export function configurationMissing(resource: Resource, subject: string): Verdict | undefined {
  if (!resource.related.resourceMissing) return undefined;
  return undecided(`The asset record carries no resource data (export the RESOURCE content type), so its ${subject} is unknown.`, { resourceData: null });
}

/** The CRM asset name of a hierarchy node such as `folders/123` or `organizations/456`. */
export function crmAssetName(node: string): string {
  return `//cloudresourcemanager.googleapis.com/${node}`;
}

/**
 * The folders and organization above a resource, nearest first (`folders/1`, `organizations/2`),
 * from the asset's `ancestors`; empty when the export did not say.
 */
export function parentNodes(resource: Resource): string[] {
  const ancestors = resource.related.ancestors;
  if (!Array.isArray(ancestors)) return [];
  const self = resource.id.replace('//cloudresourcemanager.googleapis.com/', '');
  return ancestors.filter((a): a is string => typeof a === 'string' && /^(folders|organizations)\//.test(a) && a !== self);
}

/** `projects/<number>` and `projects/<id>` for a Project asset: sinks and policies may name either. */
export function projectKeys(project: Resource): string[] {
  const keys = new Set<string>();
  const fromName = /\/projects\/([^/]+)$/.exec(project.id)?.[1];
  if (fromName) keys.add(fromName);
  for (const k of ['projectId', 'projectNumber']) {
    const v = project.config[k];
    if (typeof v === 'string' || typeof v === 'number') keys.add(String(v));
  }
  return [...keys];
}

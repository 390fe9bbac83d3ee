import type { CheckContext } from '../../../src/engine/check.js';
import { field } from '../../../src/engine/read.js';
import type { Resource } from '../../../src/inventory/resource.js';
import { childOf } from './arm.js';

/**
 * One setting of an App Service app's `web` configuration. The `Microsoft.Web/sites/config` child
 * `<site id>/config/web` (ARM `GET …/config/web`, Resource Graph's `appserviceresources` table) is
 * what Azure Policy reads, so it wins; Resource Graph `Resources` rows of sites carry a
 * `siteConfig` whose values are often `null`, used only when the child is not in the scan.
 */
export function siteSetting(site: Resource, context: CheckContext, name: string): { value: unknown; from: string | null } {
  const { id, child } = childOf(context, site, 'config/web');
  const fromChild = child ? field(child.config, name) : undefined;
  if (fromChild !== undefined && fromChild !== null) return { value: fromChild, from: id };
  const fromSite = field(site.config, `siteConfig.${name}`);
  if (fromSite !== undefined && fromSite !== null) return { value: fromSite, from: 'siteConfig' };
  return { value: null, from: null };
}

import type { Provider, Resource } from '../inventory/resource.js';
import type { CheckContext, Profile } from './check.js';

/** The read-only view of the whole scan that checks may consult. */
export class ScanContext implements CheckContext {
  private readonly byId = new Map<string, Resource>();
  private readonly byType = new Map<string, Resource[]>();

  constructor(
    resources: readonly Resource[],
    readonly profile: Profile = 'default',
  ) {
    for (const r of resources) {
      this.byId.set(idKey(r.provider, r.id), r);
      const t = typeKey(r.provider, r.type);
      let list = this.byType.get(t);
      if (!list) this.byType.set(t, (list = []));
      list.push(r);
    }
  }

  resourceById(provider: Provider, id: string): Resource | undefined {
    return this.byId.get(idKey(provider, id));
  }

  resourcesOfType(provider: Provider, type: string): readonly Resource[] {
    return this.byType.get(typeKey(provider, type)) ?? [];
  }
}

/** Azure ids and types are case-insensitive; AWS and GCP ones are not. */
export function idKey(provider: Provider, id: string): string {
  return `${provider}\u0000${provider === 'azure' ? id.toLowerCase() : id}`;
}

export function typeKey(provider: Provider, type: string): string {
  return `${provider}\u0000${provider === 'azure' ? type.toLowerCase() : type}`;
}

import type { Provider, Resource } from '../inventory/resource.js';
import type { BaaRegister } from '../baa/register.js';
import { loadMappings, lookupEligibleService, type Mappings } from '../mappings/index.js';
import type { CheckContext, EligibleService, Profile } from './check.js';
import { DEFAULT_EPHI_SCOPE, holdsEphi, type EphiScope } from './scope.js';

export interface ScanContextOptions {
  /** The loaded mappings (eligible-service lists); the packaged ones when absent. */
  mappings?: Mappings;
  /** How tags say a resource holds ePHI; the default scope when absent. */
  ephiScope?: EphiScope;
  /** The BAA register (`safeguard.yaml` `baas:`), when one was given. */
  baaRegister?: BaaRegister;
}

/** The read-only view of the whole scan that checks may consult. */
export class ScanContext implements CheckContext {
  private readonly byId = new Map<string, Resource>();
  private readonly byType = new Map<string, Resource[]>();
  private readonly eligible = new Map<string, EligibleService>();
  private lists: Mappings['eligibleServices'];
  private readonly ephiScope: EphiScope;
  private readonly register: BaaRegister | undefined;

  constructor(
    resources: readonly Resource[],
    readonly profile: Profile = 'default',
    options: ScanContextOptions = {},
  ) {
    this.lists = options.mappings?.eligibleServices;
    this.ephiScope = options.ephiScope ?? DEFAULT_EPHI_SCOPE;
    this.register = options.baaRegister;
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

  eligibleService(provider: Provider, type: string): EligibleService {
    const key = typeKey(provider, type);
    let found = this.eligible.get(key);
    if (!found) {
      this.lists ??= loadMappings({ profile: this.profile }).eligibleServices;
      found = lookupEligibleService(this.lists[provider], type);
      this.eligible.set(key, found);
    }
    return found;
  }

  holdsEphi(resource: Resource): boolean {
    return holdsEphi(resource, this.ephiScope);
  }

  baaRegister(): BaaRegister | undefined {
    return this.register;
  }
}

/** Azure ids and types are case-insensitive; AWS and GCP ones are not. */
export function idKey(provider: Provider, id: string): string {
  return `${provider}\u0000${provider === 'azure' ? id.toLowerCase() : id}`;
}

export function typeKey(provider: Provider, type: string): string {
  return `${provider}\u0000${provider === 'azure' ? type.toLowerCase() : type}`;
}

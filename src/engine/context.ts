import type { Provider, Resource } from '../inventory/resource.js';
import type { BaaRegister } from '../baa/register.js';
import { loadMappings, lookupEligibleService, type Mappings } from '../mappings/index.js';
import type { CheckContext, EligibleService, Profile } from './check.js';
import { DEFAULT_EPHI_SCOPE, ephiTest, type EphiScope } from './scope.js';

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
  // Per provider, then by id or type folded as `idKey`/`typeKey` fold them: no key string to build per lookup.
  private readonly byId = new Map<Provider, Map<string, Resource>>();
  private readonly byType = new Map<Provider, Map<string, Resource[]>>();
  private readonly eligible = new Map<Provider, Map<string, EligibleService>>();
  private lists: Mappings['eligibleServices'];
  private readonly ephi: (resource: Resource) => boolean;
  private readonly register: BaaRegister | undefined;

  constructor(
    resources: readonly Resource[],
    readonly profile: Profile = 'default',
    options: ScanContextOptions = {},
  ) {
    this.lists = options.mappings?.eligibleServices;
    this.ephi = ephiTest(options.ephiScope ?? DEFAULT_EPHI_SCOPE);
    this.register = options.baaRegister;
    for (const r of resources) {
      ofProvider(this.byId, r.provider).set(fold(r.provider, r.id), r);
      const types = ofProvider(this.byType, r.provider);
      const t = fold(r.provider, r.type);
      let list = types.get(t);
      if (!list) types.set(t, (list = []));
      list.push(r);
    }
  }

  resourceById(provider: Provider, id: string): Resource | undefined {
    return this.byId.get(provider)?.get(fold(provider, id));
  }

  resourcesOfType(provider: Provider, type: string): readonly Resource[] {
    return this.byType.get(provider)?.get(fold(provider, type)) ?? [];
  }

  eligibleService(provider: Provider, type: string): EligibleService {
    const known = ofProvider(this.eligible, provider);
    const key = fold(provider, type);
    let found = known.get(key);
    if (!found) {
      this.lists ??= loadMappings({ profile: this.profile }).eligibleServices;
      found = lookupEligibleService(this.lists[provider], type);
      known.set(key, found);
    }
    return found;
  }

  holdsEphi(resource: Resource): boolean {
    return this.ephi(resource);
  }

  baaRegister(): BaaRegister | undefined {
    return this.register;
  }
}

/** Azure ids and types are case-insensitive; AWS and GCP ones are not. */
function fold(provider: Provider, s: string): string {
  return provider === 'azure' ? s.toLowerCase() : s;
}

function ofProvider<T>(maps: Map<Provider, Map<string, T>>, provider: Provider): Map<string, T> {
  let map = maps.get(provider);
  if (!map) maps.set(provider, (map = new Map()));
  return map;
}

/** Azure ids and types are case-insensitive; AWS and GCP ones are not. */
export function idKey(provider: Provider, id: string): string {
  return `${provider}\u0000${provider === 'azure' ? id.toLowerCase() : id}`;
}

export function typeKey(provider: Provider, type: string): string {
  return `${provider}\u0000${provider === 'azure' ? type.toLowerCase() : type}`;
}

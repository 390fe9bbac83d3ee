import type { CheckContext, EligibleService, Evidence, Verdict } from '../../src/engine/check.js';
import { fail, notApplicable, pass, undecided } from '../../src/engine/verdict.js';
import type { Provider, Resource } from '../../src/inventory/resource.js';

const CLOUD: Record<Provider, string> = { aws: 'AWS', azure: 'Azure', gcp: 'Google Cloud' };

/** The pass sentence per lookup result (the context hands out one result per type). */
const passReasons = new WeakMap<EligibleService, { cloud: string; reason: string }>();

/**
 * The verdict of the three `<cloud>-eligible-service` checks: is the resource's service on its
 * cloud's HIPAA-eligible list (`mappings/eligible-services/`)? A list that is not transcribed
 * decides nothing: resources tagged as holding ePHI are undecided, the rest not applicable.
 */
export function eligibleServiceVerdict(resource: Resource, context: CheckContext): Verdict {
  const cloud = CLOUD[resource.provider];
  // A stand-in for resources a failed call left unread: their types and tags (ePHI or not) are unknown.
  if (resource.related.unread) return undecided(`${cloud} resources here could not be read, so neither their services nor whether they hold ePHI is known.`, { resourceType: resource.type, unread: true });
  const found = context.eligibleService(resource.provider, resource.type);
  if (found.listed === undefined) {
    const evidence = { resourceType: resource.type, listStatus: 'unavailable', source: found.source };
    return context.holdsEphi(resource)
      ? undecided(`The eligible-service list for ${cloud} is not transcribed yet; check the BAA's scope by hand for this resource, which is tagged as holding ePHI.`, evidence)
      : notApplicable(`The eligible-service list for ${cloud} is not transcribed yet, and this resource is not tagged as holding ePHI.`, evidence);
  }
  const evidence: Evidence = {
    resourceType: resource.type,
    service: found.service ?? null,
    listDate: found.listDate,
    source: found.source,
  };
  if (found.matched) evidence.matched = found.matched;
  if (found.exclusions) evidence.exclusions = found.exclusions;
  const list = `${cloud}'s HIPAA-eligible list (dated ${found.listDate})`;
  if (found.listed) {
    // Every resource of a type gets the same sentence: build it once per lookup result.
    let said = passReasons.get(found);
    if (said?.cloud !== cloud) passReasons.set(found, (said = { cloud, reason: `${found.service} is on ${list}` + (found.exclusions ? `; the list notes: ${found.exclusions}.` : '.') }));
    return pass(said.reason, evidence);
  }
  if (found.tool) {
    const toolEvidence = { ...evidence, tool: found.tool };
    return context.holdsEphi(resource)
      ? fail(`${found.service} is not on ${list}, yet this resource is tagged as holding ePHI; the BAA does not cover it.`, toolEvidence)
      : notApplicable(`${found.service} is not on ${list}, but ${cloud}'s own healthcare guardrails allow it as a tool that holds no PHI; keep ePHI out of it.`, toolEvidence);
  }
  return fail(`This resource type belongs to no service on ${list}, so the BAA does not cover ePHI kept or processed in it.`, evidence);
}

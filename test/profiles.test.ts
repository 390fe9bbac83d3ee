import { describe, expect, it } from 'vitest';
import { PROFILES } from '../src/engine/check.js';
import { loadMappings } from '../src/mappings/index.js';
import { mappingsWith } from './support/mappings.js';

describe('mappings/profiles/', () => {
  it('has a file for every profile, and the profiles in force keep the catalogue\'s statuses', () => {
    const base = loadMappings();
    for (const profile of PROFILES) expect(loadMappings({ profile }).profile.id).toBe(profile);
    for (const profile of ['default', 'strict'] as const) {
      const m = loadMappings({ profile });
      expect(m.profile.inForce).toBe(true);
      expect(m.safeguards.map((s) => [s.id, s.status])).toEqual(base.safeguards.map((s) => [s.id, s.status]));
    }
  });

  it('nprm-2025 is marked as a proposal, with its citation and status notes', () => {
    const { profile } = loadMappings({ profile: 'nprm-2025' });
    expect(profile.inForce).toBe(false);
    expect(profile.banner).toMatch(/^PROPOSED RULE, NOT IN FORCE: .*2025-01-06 \(90 FR 898, RIN 0945-AA22\)/);
    expect(profile.citation).toMatch(/90 FR 898-1022, 2025-01-06; FR Doc 2024-30983; RIN 0945-AA22/);
    expect(profile.statusNotes.join(' ')).toMatch(/no final rule/);
  });

  it('nprm-2025 leaves no specification Addressable: encryption and MFA become Required', () => {
    const { safeguards } = loadMappings({ profile: 'nprm-2025' });
    expect(safeguards.filter((s) => s.status !== 'required').map((s) => s.id), 'add an override in mappings/profiles/nprm-2025.yaml').toEqual([]);
    const byId = new Map(safeguards.map((s) => [s.id, s]));
    expect(byId.get('164.312(a)(2)(iv)')?.note).toMatch(/encrypt ePHI at rest/);
    expect(byId.get('164.312(e)(2)(ii)')?.note).toMatch(/encrypt ePHI in transit/);
    expect(byId.get('164.312(d)')?.note).toMatch(/multi-factor authentication/);
  });

  it('nprm-2025 expects an asset inventory, attached to risk analysis where the inventory sits today', () => {
    const entry = loadMappings({ profile: 'nprm-2025' }).safeguards.find((s) => s.id === '164.308(a)(1)(ii)(A)');
    expect(entry?.note).toMatch(/technology asset inventory and a network map/);
    expect(entry?.evidence).toMatch(/technology asset inventory/);
  });

  it('loading a profile does not change the statuses other profiles read', () => {
    loadMappings({ profile: 'nprm-2025' });
    const atRest = loadMappings().safeguards.find((s) => s.id === '164.312(a)(2)(iv)');
    expect(atRest).toMatchObject({ status: 'addressable' });
    expect(atRest?.note).toBeUndefined();
  });

  it('rejects an override of a specification that is not in the catalogue', () => {
    const text = 'profile: strict\ntitle: t\ninForce: true\ndescription: d\noverrides:\n  - {id: 164.312(z), status: required}\n';
    expect(() => mappingsWith({ 'profiles/strict.yaml': text }, 'strict')).toThrow(/profiles\/strict\.yaml: overrides 164\.312\(z\), which is not in mappings\/safeguards\.yaml/);
  });

  it('rejects a profile that is not in force but carries no banner saying so', () => {
    const text = 'profile: nprm-2025\ntitle: t\ninForce: false\ndescription: d\n';
    expect(() => mappingsWith({ 'profiles/nprm-2025.yaml': text }, 'nprm-2025')).toThrow(/banner: a profile that is not in force needs a banner/);
  });
});

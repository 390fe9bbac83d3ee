/**
 * How Appendix A labels a catalogue entry. A standard that has implementation specifications is
 * graded through them (164.306(d)): Appendix A prints no R or A against it, and the reference marks
 * it "Std". Calling it Required would contradict the waiver rule, which lets an Addressable
 * specification under such a standard be waived. A standard with no specifications is Required.
 */
export type Requirement = 'Required' | 'Addressable' | 'Standard';

export interface Labelled {
  kind: 'standard' | 'specification';
  status: 'required' | 'addressable';
  /** Set on a standard whose implementation specifications are in the catalogue. */
  hasSpecifications?: boolean;
}

export function requirementOf(s: Labelled): Requirement {
  if (s.kind === 'standard' && s.hasSpecifications) return 'Standard';
  return s.status === 'required' ? 'Required' : 'Addressable';
}

/** The short form for tables: R, A, or Std. */
export function requirementAbbr(r: Requirement): 'R' | 'A' | 'Std' {
  return r === 'Standard' ? 'Std' : r === 'Required' ? 'R' : 'A';
}

export const ROLES = ['responsabile', 'anagrafe', 'cie', 'cassa'] as const;
export type Role = (typeof ROLES)[number];

/** The responsabile (responsible officer) may do everything the other roles may. */
export function hasRole(granted: readonly Role[], required: Role): boolean {
  return granted.includes('responsabile') || granted.includes(required);
}

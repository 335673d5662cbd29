// Who may enter which space, as the client shows it (docs/security.md, "Doctors' lounge"): the
// server decides every join; this only locks list entries and hides portals that would be
// refused anyway. Pure logic.

import type { Portal, SpaceSummary } from '../net/messages';

/** Roles the server lets into a space of each access (auth/permissions.cc, enter_doctors_lounge). */
const ROLES_BY_ACCESS: Readonly<Record<string, readonly string[]>> = {
  clinicians: ['clinician', 'trainee'],
};

/** True unless the space's access names roles and `role` is not one of them. */
export function mayEnter(role: string, access: string | undefined): boolean {
  if (!access || access === 'public') return true;
  const roles = ROLES_BY_ACCESS[access];
  return roles !== undefined && roles.includes(role);
}

/** True for a space closed to the public (the list shows a lock on it). */
export function isClosed(access: string | undefined): boolean {
  return access !== undefined && access !== 'public';
}

/** The portals this person may use: those to closed spaces they may not enter are not shown. */
export function visiblePortals(portals: readonly Portal[], spaces: readonly SpaceSummary[], role: string): Portal[] {
  return portals.filter((p) => mayEnter(role, spaces.find((s) => s.id === p.to)?.access));
}

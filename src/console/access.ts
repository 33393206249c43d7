import { TRADER_ROLES } from '../features/profile.js';
import type { Consignment } from '../declaration/record.js';
import type { ConsoleUser, Role } from './users.js';

/** What each role may do. Officers work declarations of their offices; analysts read everything; admins manage users. */
export const CAN = {
  worklist: (r: Role) => r === 'officer' || r === 'analyst',
  record: (r: Role) => r === 'officer',
  overview: (r: Role) => r === 'analyst',
  users: (r: Role) => r === 'admin',
} as const;

/** The offices a user is limited to: an officer's own; undefined (all) for the others. */
export const officesOf = (u: ConsoleUser): readonly string[] | undefined =>
  u.role === 'officer' ? u.offices : undefined;

/** Roles that see trader identifiers (CONSOLE_TRADER_ROLES): by default the officers who inspect the goods. */
export const DEFAULT_TRADER_ROLES: readonly Role[] = ['officer'];

export const WITHHELD = '[withheld]';

/**
 * Purpose limitation on screen: for a role that does not need them, the
 * trader identifiers of the consignment are withheld — in its fields and
 * wherever a reason quotes them.
 */
export function traderRedactor(traders: readonly string[], sees: boolean): (text: string) => string {
  if (sees || traders.length === 0) return (t) => t;
  return (t) => traders.reduce((acc, v) => acc.split(v).join(WITHHELD), t);
}

/** The trader identifiers a consignment carries. */
export const traderValues = (c: Consignment): string[] =>
  TRADER_ROLES.map((f) => c[f]).filter((v): v is string => typeof v === 'string' && v.length > 0);

export function visibleConsignment(c: Consignment, sees: boolean): Record<string, unknown> {
  const { extra, ...fields } = c;
  const all: Record<string, unknown> = { ...fields, ...extra };
  if (!sees) for (const f of TRADER_ROLES) if (all[f] !== undefined) all[f] = WITHHELD;
  return all;
}

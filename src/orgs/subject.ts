/**
 * The subject a business system sees. A person acting for an org is a principal of its own,
 * `<person id>:<org id>`, so OIDC grants, tokens and consent for "this person for this org" are
 * separate from the person's own, and ending the binding can revoke exactly them.
 */
import type { SessionInfo } from '../sessions/sessions.js';

const SEPARATOR = ':';

export const actingSubject = (personId: string, orgId: string) => `${personId}${SEPARATOR}${orgId}`;

export function parseSubject(sub: string): { accountId: string; orgId: string | null } {
  const [accountId, orgId, extra] = sub.split(SEPARATOR);
  return extra === undefined && orgId ? { accountId: accountId!, orgId } : { accountId: sub, orgId: null };
}

/** The SSO subject of a Shenfen session. */
export const sessionSubject = (s: Pick<SessionInfo, 'accountId' | 'actingFor'>) => (s.actingFor ? actingSubject(s.accountId, s.actingFor) : s.accountId);

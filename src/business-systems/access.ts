/**
 * The single sign-on access decision: may this Shenfen session enter this business system now?
 * One decision for every protocol — OIDC (src/protocols/oidc/routes.ts), CAS
 * (src/protocols/cas/login.ts), and SAML later — which only render it: a redirect to sign in, the
 * 实名等级不足 page, the 未获单位授权 page, or a token or ticket for the subject it names. Each
 * protocol checking the level and the org grant itself would let a third protocol forget one.
 *
 * The decision reads the account with its evidence (for the level) and, when the person acts for
 * an org, the binding and grant for the system in one statement; a refusal is audited (one more).
 */
import { toAccountSummary, type AccountSummary, type EvidenceRow } from '../accounts/accounts.js';
import { audit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { atLeast, type AssuranceLevel } from '../domain/index.js';
import { decideGrant, type GrantDecision } from '../orgs/grants.js';
import { sessionSubject } from '../orgs/subject.js';
import type { SessionInfo } from '../sessions/sessions.js';

/** The `acr` value (OIDC; SAML's AuthnContextClassRef later) for each assurance level. */
export const acrFor = (level: AssuranceLevel) => `urn:shenfen:loa:${level.toLowerCase()}`;

/** Our sign-in methods as RFC 8176 `amr` values where they differ. */
const AMR: Record<string, string> = { password: 'pwd' };

/** The business system asked for, as each protocol finds it (an OIDC client, a CAS service). */
export interface AccessTarget {
  id: string;
  name: string;
  minLevel: AssuranceLevel;
}

export interface AccessRequest {
  system: AccessTarget;
  /** Where the protocol resumes the sign-in (/oidc/interaction/… or /cas/login?…): the refusal pages lead back there. */
  resumeAt: string;
  /**
   * Whether the session is a sign-in made after the protocol asked for one (OIDC prompt=login and
   * max_age, CAS renew); `required` when nothing else will do.
   */
  fresh: { required: boolean; test: (session: SessionInfo) => boolean };
  /** For the audit log: the protocol (events `<protocol>.level_too_low`) and the browser's address. */
  protocol: 'oidc' | 'cas' | 'saml';
  ip: string | null;
}

/** What the 实名等级不足 page needs (src/protocols/level-page.ts). */
export interface LevelShortfall {
  systemName: string;
  required: AssuranceLevel;
  current: AssuranceLevel;
  accountKind: 'person' | 'org';
  returnTo: string;
}

/** What the 未获单位授权 page needs (src/protocols/org-refusal-page.ts). */
export interface OrgRefusal {
  orgName: string;
  systemName: string;
  decision: Exclude<GrantDecision, 'granted'>;
  /** Where choosing another org (or none) leads back to. */
  retryPath: string;
}

export type AccessDecision =
  /** No session, or not one fresh enough: sign in (`reauth`: even if a session exists). */
  | { kind: 'sign_in'; reauth: boolean }
  | { kind: 'level_too_low'; account: AccountSummary; shortfall: LevelShortfall }
  | { kind: 'org_refused'; account: AccountSummary; refusal: OrgRefusal }
  | {
      kind: 'allowed';
      session: SessionInfo;
      account: AccountSummary;
      /** The subject the system sees: the person, or `<person>:<org>` when acting for an org (src/orgs/subject.ts). */
      subject: string;
      acr: string;
      amr: string[];
      /** When the session signed in, in seconds (OIDC auth_time). */
      authTime: number;
      /** The session is a sign-in made after the protocol asked (CAS isFromNewLogin). */
      fresh: boolean;
    };

/** The account and its level, and — acting for an org — the binding and grant for `systemId`, in one statement. */
async function readAccess(ctx: AppContext, session: SessionInfo, systemId: string) {
  const orgId = session.actingFor;
  const rows = await ctx.db
    .selectFrom('accounts')
    .leftJoin('evidence', 'evidence.account_id', 'accounts.id')
    .$if(orgId !== null, (q) =>
      q
        .leftJoin(
          (eb) =>
            eb
              .selectFrom('orgs')
              .innerJoin('accounts as org_account', 'org_account.id', 'orgs.account_id')
              // The person's active binding (none: not a member), and its grant for this system.
              .leftJoin('org_members', (j) =>
                j.onRef('org_members.org_id', '=', 'orgs.account_id').on('org_members.person_id', '=', session.accountId).on('org_members.status', '=', 'active'),
              )
              .leftJoin('org_grants', (j) => j.onRef('org_grants.member_id', '=', 'org_members.id').on('org_grants.business_system_id', '=', systemId))
              // Named apart from the evidence columns beside them (evidence has an expires_at too).
              .select(['orgs.name as org_name', 'org_account.status as org_status', 'orgs.grants_suspended_at', 'org_members.id as member_id', 'org_grants.granted_at', 'org_grants.expires_at as grant_expires_at'])
              .where('orgs.account_id', '=', orgId!)
              .as('g'),
          (j) => j.onTrue(),
        )
        .select(['g.org_name', 'g.org_status', 'g.grants_suspended_at', 'g.member_id', 'g.granted_at', 'g.grant_expires_at']),
    )
    .select(['accounts.id', 'accounts.kind', 'accounts.username', 'accounts.display_name', 'evidence.level', 'evidence.result', 'evidence.expires_at', 'evidence.revoked_at'])
    .where('accounts.id', '=', session.accountId)
    .execute();
  const a = rows[0];
  if (!a) throw new Error(`no account ${session.accountId}`);
  const evidence = rows.filter((r): r is typeof r & EvidenceRow => r.level !== null && r.result !== null);
  const account = toAccountSummary(ctx, a, evidence);
  if (orgId === null) return { account, grant: 'granted' as const, orgName: '' };
  const grant = decideGrant(
    a.member_id && a.org_status ? { status: a.org_status, grants_suspended_at: a.grants_suspended_at ?? null, granted_at: a.granted_at ?? null, expires_at: a.grant_expires_at ?? null } : undefined,
    ctx.clock.now(),
  );
  return { account, grant, orgName: a.org_name ?? '' };
}

/**
 * Decides whether `session` (undefined: none in this browser) may enter `req.system` now. Refusals
 * for the level or the org grant are audited here (`<protocol>.level_too_low`, `org.sso_refused`);
 * what the protocol issues when allowed it audits itself.
 */
export async function decideAccess(ctx: AppContext, session: SessionInfo | undefined, req: AccessRequest): Promise<AccessDecision> {
  if (!session) return { kind: 'sign_in', reauth: req.fresh.required };
  const fresh = req.fresh.test(session);
  if (req.fresh.required && !fresh) return { kind: 'sign_in', reauth: true };

  const { account, grant, orgName } = await readAccess(ctx, session, req.system.id);
  const { system } = req;
  if (!atLeast(account.assuranceLevel, system.minLevel)) {
    await audit(ctx.db, {
      at: ctx.clock.now(),
      actor: account.id,
      event: `${req.protocol}.level_too_low`,
      result: 'failure',
      ip: req.ip,
      subject: system.id,
      detail: { required: system.minLevel, current: account.assuranceLevel },
    });
    return {
      kind: 'level_too_low',
      account,
      shortfall: { systemName: system.name, required: system.minLevel, current: account.assuranceLevel, accountKind: account.kind, returnTo: req.resumeAt },
    };
  }
  if (grant !== 'granted') {
    await audit(ctx.db, { at: ctx.clock.now(), actor: session.accountId, event: 'org.sso_refused', result: 'failure', ip: req.ip, subject: system.id, detail: { orgId: session.actingFor, decision: grant } });
    return { kind: 'org_refused', account, refusal: { orgName, systemName: system.name, decision: grant, retryPath: req.resumeAt } };
  }
  return {
    kind: 'allowed',
    session,
    account,
    subject: sessionSubject(session),
    acr: acrFor(account.assuranceLevel),
    amr: session.authMethods.map((m) => AMR[m] ?? m),
    authTime: Math.floor(session.createdAt.getTime() / 1000),
    fresh,
  };
}

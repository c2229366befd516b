/**
 * When Shenfen sessions end, end the oidc-provider sessions signed in on them too and send
 * back-channel logout tokens to the business systems that asked for them (OpenID Connect
 * Back-Channel Logout 1.0). Which oidc-provider sessions: those of the same browser (its
 * `_session` cookie, for a logout there) and those written while the browser was signed in with
 * one of the ended Shenfen sessions (oidc_payloads.shenfen_session_id, src/sessions/sso-link.ts).
 * Other browsers of the same person keep theirs.
 *
 * Two steps, so that an ending inside a transaction (password change) tells nobody before it has
 * committed: `takeOidcSessions` removes the rows and says whom to tell, `sendBackchannelLogouts`
 * tells them, best effort (every failure is audited, none is thrown).
 */
import { sql } from 'kysely';
import type Provider from 'oidc-provider';
import { audit } from '../../audit/audit.js';
import { actingSubject } from '../../orgs/subject.js';
import type { AppContext } from '../../context.js';
import type { SessionEndListener } from '../../sessions/session-end.js';
import type { DB } from '../../store/db.js';
import { storedId } from './adapter.js';

type LogoutCapable = { backchannelLogout(sub: string, sid: string): Promise<void> };

/** A business system to tell that a sign-in of it ended. */
export interface OidcLogoutTarget {
  clientId: string;
  /** The subject the system knows (oidc-provider's accountId, `<person>:<org>` when acting for an org). */
  sub: string;
  sid: string;
  /** The Shenfen account, for the audit log. */
  accountId: string;
}

/** Models issued under a grant, removed with it (as the adapter's revokeByGrantId does). */
const GRANTABLE = ['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest'];

/** oidc-provider's session id: the value of its `_session` cookie. */
export const opSessionId = (cookieHeader: string) => /(?:^|;\s*)_session=([^;]+)/.exec(cookieHeader)?.[1];

export interface OidcSessionFilter {
  /** The Shenfen account whose sessions these are (also as `<account>:<org>`, src/orgs/subject.ts). */
  accountId: string;
  /** oidc-provider sessions written while signed in with one of these Shenfen sessions. */
  shenfenSessionIds?: string[];
  /** The oidc-provider session of this `_session` cookie value. */
  opSessionId?: string;
  /** Every oidc-provider session of the account. */
  all?: boolean;
  /**
   * Also end the grants given in those sessions, with their codes, access and refresh tokens
   * (even offline_access ones): for signing a device out, not for an ordinary logout.
   */
  revokeGrants?: boolean;
}

/** Removes the matching oidc-provider sessions (and, if asked, their grants); returns whom to tell. */
export async function takeOidcSessions(db: DB, f: OidcSessionFilter): Promise<OidcLogoutTarget[]> {
  const ofAccount = sql<boolean>`(payload->>'accountId' = ${f.accountId} or payload->>'accountId' like ${`${f.accountId}:%`})`;
  const linked = f.shenfenSessionIds?.length ? f.shenfenSessionIds : undefined;
  if (!f.all && !linked && !f.opSessionId) return [];
  const rows = await db
    .deleteFrom('oidc_payloads')
    .where('model', '=', 'Session')
    .where(ofAccount)
    .$if(!f.all, (q) =>
      q.where((eb) =>
        eb.or([
          ...(linked ? [eb('shenfen_session_id', 'in', linked)] : []),
          ...(f.opSessionId ? [eb('id', '=', storedId('Session', f.opSessionId))] : []),
        ]),
      ),
    )
    .returning(['payload'])
    .execute();
  const targets: OidcLogoutTarget[] = [];
  const grantIds = new Set<string>();
  for (const { payload } of rows) {
    const sub = String(payload.accountId ?? f.accountId);
    const authorizations = (payload.authorizations ?? {}) as Record<string, { sid?: string; grantId?: string }>;
    for (const [clientId, auth] of Object.entries(authorizations)) {
      targets.push({ clientId, sub, sid: auth.sid ?? '', accountId: f.accountId });
      if (auth.grantId) grantIds.add(auth.grantId);
    }
  }
  if (f.revokeGrants) {
    // Grants given while signed in with those Shenfen sessions, even if their browser session is gone.
    if (linked) {
      const stamped = await db.selectFrom('oidc_payloads').select('id').where('model', '=', 'Grant').where('shenfen_session_id', 'in', linked).where(ofAccount).execute();
      for (const g of stamped) grantIds.add(g.id);
    }
    if (grantIds.size > 0) {
      const ids = [...grantIds];
      await db.deleteFrom('oidc_payloads').where('grant_id', 'in', ids).where('model', 'in', GRANTABLE).execute();
      await db.deleteFrom('oidc_payloads').where('model', '=', 'Grant').where('id', 'in', ids).execute();
    }
  }
  return targets;
}

/**
 * Sends each system with a backchannel_logout_uri its logout token, all at once; a failure (no
 * answer, not 200/204) is audited and does not stop the others. Returns how many were told.
 */
export async function sendBackchannelLogouts(ctx: AppContext, provider: Provider, targets: OidcLogoutTarget[]): Promise<{ notified: number; failed: number }> {
  const sends = await Promise.all(
    targets.map(async (t) => {
      const client = await provider.Client.find(t.clientId).catch(() => undefined);
      if (!client?.backchannelLogoutUri) return undefined;
      return { t, result: await (client as unknown as LogoutCapable).backchannelLogout(t.sub, t.sid).then(() => undefined, (err: unknown) => err ?? new Error('failed')) };
    }),
  );
  let notified = 0;
  let failed = 0;
  for (const s of sends) {
    if (!s) continue;
    if (s.result === undefined) {
      notified += 1;
      continue;
    }
    failed += 1;
    await audit(ctx.db, {
      at: ctx.clock.now(),
      actor: s.t.accountId,
      event: 'oidc.backchannel_logout',
      result: 'failure',
      subject: s.t.clientId,
      detail: { error: String((s.result as Error)?.message ?? s.result).slice(0, 200) },
    });
  }
  if (notified > 0) {
    const told = sends.flatMap((s) => (s && s.result === undefined ? [s.t] : []));
    await audit(ctx.db, { at: ctx.clock.now(), actor: told[0]!.accountId, event: 'oidc.backchannel_logout', result: 'success', detail: { notified, systems: [...new Set(told.map((t) => t.clientId))] } });
  }
  return { notified, failed };
}

/**
 * An ordinary logout of one Shenfen session: that browser's oidc-provider session (by its cookie,
 * and any written under that Shenfen session) ends and the systems signed in there are told.
 * Grants stay (a system given offline_access keeps its refresh token, as the consent page says).
 */
export async function endOidcSessions(ctx: AppContext, provider: Provider, accountId: string, cookieHeader: string, shenfenSessionId?: string): Promise<number> {
  const targets = await takeOidcSessions(ctx.db, { accountId, opSessionId: opSessionId(cookieHeader), shenfenSessionIds: shenfenSessionId ? [shenfenSessionId] : [] });
  return (await sendBackchannelLogouts(ctx, provider, targets)).notified;
}

/**
 * OIDC's session-end listener (src/sessions/session-end.ts). Sessions ended without their browser
 * lose their oidc-provider sessions and the grants given in them, with their tokens; with `all`
 * (signing out everywhere) everything issued to the account goes, also as `<person>:<org>`
 * (src/orgs/subject.ts), and with `actingFor` what was issued to the person acting for that org.
 * Logout tokens are signed with `provider` — the one the OIDC routes run
 * (they register this listener again with it); a node without it takes the rows and audits that
 * it could not tell the systems.
 */
export function oidcSessionEndListener(ctx: AppContext, provider?: () => Promise<Provider | undefined>): SessionEndListener<OidcLogoutTarget> {
  const send = async (targets: OidcLogoutTarget[]): Promise<void> => {
    if (targets.length === 0) return;
    try {
      const p = await provider?.();
      if (!p) throw new Error('the OIDC provider is not running on this node');
      await sendBackchannelLogouts(ctx, p, targets);
    } catch (err) {
      await audit(ctx.db, {
        at: ctx.clock.now(),
        actor: targets[0]!.accountId,
        event: 'oidc.backchannel_logout',
        result: 'failure',
        detail: { systems: [...new Set(targets.map((t) => t.clientId))], error: String((err as Error)?.message ?? err).slice(0, 200) },
      }).catch(() => undefined);
    }
  };
  return {
    async take(db, which) {
      const targets = await takeOidcSessions(db, { accountId: which.accountId, shenfenSessionIds: which.sessionIds, all: which.all, revokeGrants: true });
      if (which.actingFor) {
        const subject = actingSubject(which.accountId, which.actingFor);
        const acting = await takeOidcSessions(db, { accountId: subject, all: true, revokeGrants: true });
        targets.push(...acting.map((t) => ({ ...t, accountId: which.accountId })));
        await db.deleteFrom('oidc_payloads').where(sql<boolean>`payload->>'accountId' = ${subject}`).execute();
      }
      if (which.all) {
        await db.deleteFrom('oidc_payloads').where(sql<boolean>`payload->>'accountId' = ${which.accountId} or payload->>'accountId' like ${`${which.accountId}:%`}`).execute();
      }
      return targets;
    },
    send,
    async browserLoggedOut({ sessionId, accountId, cookieHeader }) {
      const p = await provider?.();
      if (p) {
        await endOidcSessions(ctx, p, accountId, cookieHeader, sessionId);
        return;
      }
      await send(await takeOidcSessions(ctx.db, { accountId, opSessionId: opSessionId(cookieHeader), shenfenSessionIds: [sessionId] }));
    },
  };
}

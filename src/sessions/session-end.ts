/**
 * "A session ended", told once to every protocol that signed business systems in on it. Each
 * protocol (OIDC, CAS, SAML later) registers one listener on the context (src/bootstrap.ts), so
 * nothing here knows a protocol: the sessions module ends sessions and the listeners end what
 * single sign-on issued on them and tell their business systems (back-channel logout, CAS single
 * logout).
 *
 * Two ways a session ends: without its browser (退出该设备, signing out everywhere, a timeout) —
 * `take` inside the transaction that ended it, `send` once that has committed — or by its
 * browser's own logout, whose cookies name the protocol's own session of that browser
 * (`browserLoggedOut`).
 */
import type { DB } from '../store/db.js';

/** A Shenfen session that its browser logged out of, for the protocols that must tell their business systems. */
export interface EndedSession {
  sessionId: string;
  accountId: string;
  /** The browser's Cookie header: protocols find their own session of that browser in it. */
  cookieHeader: string;
}

/** Which sessions of an account ended without their browser: some (`sessionIds`) or all of them. */
export interface EndedSessions {
  accountId: string;
  sessionIds?: string[];
  /** Every session of the account ended (password change or reset, deactivation): everything issued to it goes. */
  all?: boolean;
  /**
   * The person no longer acts for this org (unbound, org deactivated): everything issued to them as
   * `<person>:<org>` (src/orgs/subject.ts) goes too, in whichever session it was.
   */
  actingFor?: string;
}

export interface SessionEndListener<Notice = unknown> {
  /**
   * Inside the transaction that ended the sessions: removes this protocol's sign-ins on them (and
   * what they issued) and says whom to tell. Nobody is told before the transaction commits.
   */
  take(db: DB, which: EndedSessions): Promise<Notice[]>;
  /** Tells them, after the commit; best effort (what fails is audited, nothing is thrown). */
  send(notices: Notice[]): Promise<void>;
  /** A browser logged out of Shenfen (here, at /cas/logout or at a business system): end its sign-ins and tell. */
  browserLoggedOut(ended: EndedSession): Promise<void>;
}

/**
 * The listeners, by protocol: keyed so that a protocol registering again (building a second app on
 * the same context, the OIDC routes once their provider runs) replaces its listener, not doubles it.
 */
export type SessionEndListeners = Map<string, SessionEndListener>;

/** What `take` found, per listener, for `sendLogoutNotices` (src/sessions/logout-fanout.ts). */
export type LogoutNotices = Map<SessionEndListener, unknown[]>;

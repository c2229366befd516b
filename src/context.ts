/** What every part of the server is handed: configuration, store, clock, crypto and connectors. */
import type { BackgroundWork } from './background.js';
import type { Config } from './config.js';
import type { RealNameAuthorities } from './connectors/realname/authority.js';
import type { FaceAuthority } from './connectors/face/authority.js';
import type { CaptchaGenerator } from './connectors/captcha/raster.js';
import type { EnterpriseRegistry } from './connectors/enterprise/registry.js';
import type { SmsGateway } from './connectors/sms/gateway.js';
import type { Mailer } from './connectors/mail/mailer.js';
import type { PasswordHasher } from './security/passwords.js';
import type { PiiVault } from './security/pii.js';
import type { SessionEndListeners } from './sessions/session-end.js';
import type { DB, Store } from './store/db.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface AppContext {
  config: Config;
  store: Store;
  db: DB;
  clock: Clock;
  vault: PiiVault;
  passwords: PasswordHasher;
  captcha: CaptchaGenerator;
  /** The authorities real-name methods ask (sandbox registry or signed HTTP bridge). */
  realName: RealNameAuthorities;
  /** The portrait comparison face checks ask (sandbox registry and local model, or the signed HTTP bridge). */
  face: FaceAuthority;
  /** Where SMS go (console in development, a vendor in production; docs/sms.md). */
  sms: SmsGateway;
  /** Where mail goes (console in development, SMTP in production; src/connectors/mail). */
  mail: Mailer;
  /** The enterprise registry org registration checks against (sandbox or signed HTTP; docs/orgs.md). */
  enterprise: EnterpriseRegistry;
  /**
   * Told when sessions end, one listener per protocol (OIDC back-channel logout, CAS single logout;
   * src/sessions/session-end.ts): src/sessions/ ends sessions without knowing the protocols.
   */
  sessionEndListeners: SessionEndListeners;
  /** Work started by a request that its answer does not wait for (src/background.ts); the app waits for it on close. */
  background: BackgroundWork;
  // `methods: MethodRegistry` (the ways to prove who someone is) is declared in src/methods/registry.ts.
}

export const addMinutes = (d: Date, minutes: number): Date => new Date(d.getTime() + minutes * 60_000);

/** What every part of the server is handed: configuration, store, clock, crypto and connectors. */
import type { Config } from './config.js';
import type { CaptchaGenerator } from './connectors/captcha/svg.js';
import type { PasswordHasher } from './security/passwords.js';
import type { PiiVault } from './security/pii.js';
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
}

export const addMinutes = (d: Date, minutes: number): Date => new Date(d.getTime() + minutes * 60_000);

/** Starts a real Shenfen server for a test file, on PGlite in memory or on DATABASE_URL in a schema of its own. */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { inject } from 'vitest';
import { createContext } from '../../src/bootstrap.js';
import { testConfig, type Config } from '../../src/config.js';
import { captchaFor, drawCaptcha } from '../../src/connectors/captcha/raster.js';
import { ConsoleSmsGateway } from '../../src/connectors/sms/console.js';
import { inBackground } from '../../src/background.js';
import type { AppContext, Clock } from '../../src/context.js';
import { buildApp, type AppOptions } from '../../src/http/app.js';
import type { Method } from '../../src/methods/registry.js';

/** Every captcha a test server draws shows this text. */
export const TEST_CAPTCHA = '4AB7';

/** The proof-of-work difficulty of test servers (production: src/config.ts). */
export const TEST_POW = { powMax: 50, accessiblePowMax: 500 };

export class TestClock implements Clock {
  private t = Date.now();
  now() {
    return new Date(this.t);
  }
  advance(ms: number) {
    this.t += ms;
  }
  /** Fixed-window counters reset at window edges: tests of daily caps start well inside a day. */
  setTo(d: Date) {
    this.t = d.getTime();
  }
  advanceMinutes(m: number) {
    this.advance(m * 60_000);
  }
}

export interface TestServer {
  url: string;
  ctx: AppContext;
  clock: TestClock;
  /** The console gateway every test server sends SMS through. */
  sms: ConsoleSmsGateway;
  /** How many captcha pictures this server has drawn. */
  captchaDraws(): number;
  /** The code in the newest SMS to this phone (throws if none was sent). */
  lastSmsCode(phone: string): string;
  /** Resolves when the work answers did not wait for (ctx.background: the bank check of 银联认证找回) has finished. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** On PGlite, the migrated database test/global-setup.ts saved for this run (none on PostgreSQL). */
function migratedImage(): Blob | undefined {
  const file = process.env.DATABASE_URL ? '' : inject('pgliteImage');
  return file ? new Blob([readFileSync(file)]) : undefined;
}

/** A statement hook that hears only what requests run, not the work they leave behind (an SMS sent after the answer). */
const requestPath =
  (onQuery: (sql: string) => void) =>
  (sql: string): void => {
    if (!inBackground()) onQuery(sql);
  };

/**
 * `onQuery`: every statement run on a request's path (counted by the *-cost tests).
 * `methods`: more ways to prove who someone is, registered after the defaults and before the
 * routes are mounted (a test's own method signs in like any other).
 */
export async function startServer(
  overrides: Partial<Config> = {},
  opts: { webRoot?: string; onQuery?: (sql: string) => void; onRoute?: AppOptions['onRoute']; methods?: Method[] } = {},
): Promise<TestServer> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const schema = databaseUrl ? `t_${randomBytes(6).toString('hex')}` : undefined;
  // Tests send everything from 127.0.0.1: raise the per-IP limits unless a test sets its own.
  const base = testConfig({ databaseUrl });
  const generous = Object.fromEntries(Object.entries(base.limits).map(([k, l]) => [k, { ...l, max: l.max * 100 }])) as Config['limits'];
  // The captcha's proof of work, solved by every test Agent and by the SPA in browser tests: cheap here.
  const config = { ...base, limits: generous, captcha: TEST_POW, ...overrides };
  const clock = new TestClock();
  const sms = new ConsoleSmsGateway({ mode: 'development', log: () => {}, now: () => clock.now() });
  let draws = 0;
  const draw = (text: string) => {
    draws += 1;
    return drawCaptcha(text);
  };
  const ctx = await createContext(
    config,
    { clock, captcha: { create: () => captchaFor(TEST_CAPTCHA, draw) }, dataKey: randomBytes(32), schema, inMemory: true, pgliteImage: migratedImage(), sms, ...(opts.onQuery ? { onQuery: requestPath(opts.onQuery) } : {}) },
    () => {},
  );
  for (const method of opts.methods ?? []) ctx.methods.register(method);
  const app = await buildApp(ctx, { webRoot: opts.webRoot ?? '/nonexistent', ...(opts.onRoute ? { onRoute: opts.onRoute } : {}) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  // The public origin development derives from the port: known only now (read when first needed).
  if (!overrides.publicOrigin) ctx.config.publicOrigin = url;
  return {
    url,
    ctx,
    clock,
    sms,
    captchaDraws: () => draws,
    lastSmsCode(phone: string) {
      const msg = sms.outbox().find((m) => m.phone === phone && m.template === 'verification_code');
      if (!msg) throw new Error(`no SMS code was sent to ${phone}`);
      return msg.params.code!;
    },
    settled: () => ctx.background.settled(),
    async close() {
      await app.close();
      await ctx.store.close();
      if (databaseUrl && schema) {
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        await client.query(`drop schema ${schema} cascade`);
        await client.end();
      }
    },
  };
}

/** Builds the AppContext from configuration: store, migrations, keys, hashers, connectors. */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { BackgroundWork } from './background.js';
import type { Config } from './config.js';
import { rasterCaptcha, type CaptchaGenerator } from './connectors/captcha/raster.js';
import { systemClock, type AppContext, type Clock } from './context.js';
import { createAuthorities } from './connectors/realname/index.js';
import { createFaceAuthority } from './connectors/face/index.js';
import type { FaceAuthority } from './connectors/face/authority.js';
import type { RealNameAuthorities } from './connectors/realname/authority.js';
import { createSmsGateway } from './connectors/sms/index.js';
import { createMailer, type Mailer } from './connectors/mail/index.js';
import { createEnterpriseRegistry } from './connectors/enterprise/index.js';
import { defaultRegistry } from './methods/index.js';
import type { EnterpriseRegistry } from './connectors/enterprise/registry.js';
import type { SmsGateway } from './connectors/sms/gateway.js';
import { createPasswordHasher } from './security/passwords.js';
import { createPiiVault, parseDataKey } from './security/pii.js';
import { openStore } from './store/db.js';
import { migrate } from './store/migrate.js';
import { casSessionEndListener } from './protocols/cas/index.js';
import { oidcSessionEndListener } from './protocols/oidc/logout.js';

export interface ContextOverrides {
  clock?: Clock;
  captcha?: CaptchaGenerator;
  dataKey?: Buffer;
  /** Schema to use on the database (tests use one each). */
  schema?: string;
  realName?: RealNameAuthorities;
  face?: FaceAuthority;
  sms?: SmsGateway;
  mail?: Mailer;
  enterprise?: EnterpriseRegistry;
  /** Keep PGlite in memory instead of config.dataDir. */
  inMemory?: boolean;
  /** With inMemory: the image PGlite starts from (StoreOptions.pgliteImage; tests share a migrated one). */
  pgliteImage?: Blob;
  /** Sees the SQL of every statement sent (tests count a request's round trips). */
  onQuery?: (sql: string) => void;
}

/**
 * The data key: SHENFEN_DATA_KEY in production (required); in development a key is generated
 * once into the data directory, with a warning, so `npm start` works on a fresh machine.
 */
function resolveDataKey(config: Config, warn: (msg: string) => void): Buffer {
  if (config.dataKey) return parseDataKey(config.dataKey);
  if (config.mode === 'production') throw new Error('SHENFEN_DATA_KEY is required in production mode');
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, 'dev-data-key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  warn(`WARNING: using a development data key from ${file}; set SHENFEN_DATA_KEY in production.`);
  return parseDataKey(readFileSync(file, 'utf8').trim());
}

export async function createContext(config: Config, overrides: ContextOverrides = {}, warn: (msg: string) => void = console.warn): Promise<AppContext> {
  const dataKey = overrides.dataKey ?? resolveDataKey(config, warn);
  if (!config.databaseUrl && !overrides.inMemory) mkdirSync(config.dataDir, { recursive: true });
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: overrides.inMemory ? undefined : join(config.dataDir, 'pglite'),
    pgliteImage: overrides.inMemory ? overrides.pgliteImage : undefined,
    schema: overrides.schema,
    onQuery: overrides.onQuery,
  });
  try {
    await migrate(store);
  } catch (err) {
    await store.close();
    throw err;
  }
  const clock = overrides.clock ?? systemClock;
  const vault = createPiiVault(dataKey);
  let sms: SmsGateway;
  try {
    sms = overrides.sms ?? createSmsGateway(config, { now: () => clock.now() });
  } catch (err) {
    await store.close();
    throw err;
  }
  const ctx: AppContext = {
    config,
    store,
    db: store.db,
    clock,
    vault,
    passwords: await createPasswordHasher(),
    captcha: overrides.captcha ?? rasterCaptcha,
    sessionEndListeners: new Map(),
    methods: defaultRegistry(),
    background: new BackgroundWork(),
    sms,
    mail: overrides.mail ?? createMailer(config.accountCentre.mail, config.mode, { now: () => clock.now() }),
    realName: overrides.realName ?? createAuthorities({ db: store.db, vault, clock, config }),
    face: overrides.face ?? createFaceAuthority({ db: store.db, vault, clock, config }),
    enterprise: overrides.enterprise ?? createEnterpriseRegistry({ db: store.db, vault, clock, config }),
  };
  // Every protocol's single sign-on ends with the sessions it was issued on, also where no server
  // runs (the housekeeping command ends timed-out sessions); the OIDC routes register theirs again
  // with the provider that signs logout tokens.
  ctx.sessionEndListeners.set('oidc', oidcSessionEndListener(ctx));
  ctx.sessionEndListeners.set('cas', casSessionEndListener(ctx));
  return ctx;
}

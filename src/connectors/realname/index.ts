/** Real-name connectors: picks the sandbox or the HTTP connector from configuration; re-exports the API. */
import type { AppContext } from '../../context.js';
import type { Config } from '../../config.js';
import type { RealNameAuthorities } from './authority.js';
import { createHttpAuthorities } from './http.js';
import { createSandboxAuthorities } from './sandbox.js';

export * from './authority.js';
export { createSandboxAuthorities, seedSandboxRegistry, setSandboxBankPhone } from './sandbox.js';
export { fixedSandboxPeople, generateSandboxPeople, type SandboxPerson } from './generator.js';
export * from './http.js';

/**
 * The configured authorities. `sandbox` is refused in production unless explicitly allowed
 * (config validation does the same); `http` needs a URL, key id and secret.
 */
export function createAuthorities(ctx: Pick<AppContext, 'db' | 'vault' | 'clock' | 'config'>, config: Config['realName'] = ctx.config.realName): RealNameAuthorities {
  if (config.connector === 'http') {
    if (!config.httpBaseUrl || !config.httpKeyId || !config.httpSecret) {
      throw new Error('SHENFEN_REALNAME_CONNECTOR=http needs SHENFEN_REALNAME_URL, SHENFEN_REALNAME_KEY_ID and SHENFEN_REALNAME_SECRET');
    }
    return createHttpAuthorities({ baseUrl: config.httpBaseUrl, keyId: config.httpKeyId, secret: config.httpSecret, clock: ctx.clock });
  }
  if (ctx.config.mode === 'production' && !config.allowSandboxInProduction) {
    throw new Error('the sandbox real-name connector is refused in production (set SHENFEN_REALNAME_ALLOW_SANDBOX=true to allow it)');
  }
  return createSandboxAuthorities(ctx);
}

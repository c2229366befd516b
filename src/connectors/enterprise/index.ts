/** Enterprise-registry connectors: picks the sandbox or the signed HTTP connector from configuration. */
import type { AppContext } from '../../context.js';
import type { Config } from '../../config.js';
import { createHttpEnterpriseRegistry } from './http.js';
import type { EnterpriseRegistry } from './registry.js';
import { createSandboxEnterpriseRegistry } from './sandbox.js';

export * from './registry.js';
export * from './http.js';
export { createSandboxEnterpriseRegistry, seedSandboxEnterprises } from './sandbox.js';
export { fixedSandboxEnterprises, generateSandboxEnterprises, makeUscc, type SandboxEnterprise } from './generator.js';

/** The configured registry; the sandbox is refused in production unless explicitly allowed. */
export function createEnterpriseRegistry(ctx: Pick<AppContext, 'db' | 'vault' | 'clock' | 'config'>, config: Config['orgs']['registry'] = ctx.config.orgs.registry): EnterpriseRegistry {
  if (config.connector === 'http') {
    if (!config.httpBaseUrl || !config.httpKeyId || !config.httpSecret) {
      throw new Error('SHENFEN_ENTERPRISE_CONNECTOR=http needs SHENFEN_ENTERPRISE_URL, SHENFEN_ENTERPRISE_KEY_ID and SHENFEN_ENTERPRISE_SECRET');
    }
    return createHttpEnterpriseRegistry({ baseUrl: config.httpBaseUrl, keyId: config.httpKeyId, secret: config.httpSecret, clock: ctx.clock });
  }
  if (ctx.config.mode === 'production' && !config.allowSandboxInProduction) {
    throw new Error('the sandbox enterprise registry is refused in production (set SHENFEN_ENTERPRISE_ALLOW_SANDBOX=true to allow it)');
  }
  return createSandboxEnterpriseRegistry(ctx);
}

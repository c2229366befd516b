/** The configured Alipay client: the sandbox (local page and gateway), Alipay's gateway, or none. */
import type { AppContext } from '../../context.js';
import { createAlipayGateway, type AlipayClient } from './gateway.js';
import { handleSandboxGateway, sandboxKeys, SANDBOX_APP_ID, SANDBOX_AUTHORIZE_PATH, SANDBOX_GATEWAY_PATH } from './sandbox.js';

export * from './gateway.js';

const clients = new WeakMap<AppContext, AlipayClient | null>();

/** Tests (and tools) may hand in their own client. */
export function setAlipayClient(ctx: AppContext, client: AlipayClient | null): void {
  clients.set(ctx, client);
}

export function alipayClient(ctx: AppContext): AlipayClient | null {
  if (clients.has(ctx)) return clients.get(ctx)!;
  const c = ctx.config.alipay;
  let client: AlipayClient | null = null;
  if (c.mode === 'gateway') {
    client = createAlipayGateway({ appId: c.appId!, privateKey: c.privateKey!, alipayPublicKey: c.alipayPublicKey!, gatewayUrl: c.gatewayUrl, authorizeUrl: c.authorizeUrl, now: () => ctx.clock.now() });
  } else if (c.mode === 'sandbox') {
    const k = sandboxKeys();
    // The real client, its requests answered in process by the sandbox gateway.
    client = createAlipayGateway({
      appId: SANDBOX_APP_ID,
      privateKey: k.appPrivate,
      alipayPublicKey: k.alipayPublic,
      gatewayUrl: SANDBOX_GATEWAY_PATH,
      authorizeUrl: SANDBOX_AUTHORIZE_PATH,
      transport: (_url, form) => handleSandboxGateway(ctx, form),
      now: () => ctx.clock.now(),
    });
  }
  clients.set(ctx, client);
  return client;
}

/** `shenfen client add|list|remove` and `shenfen keys rotate`: business systems and signing keys from the command line. */
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { addBusinessSystem, listBusinessSystems, removeBusinessSystem, type NewBusinessSystem } from './business-systems/business-systems.js';
import type { AppContext } from './context.js';
import { KEY_CHECK_MS, rotateSigningKeys } from './protocols/oidc/keys.js';

export const CLIENT_USAGE = `  client add --id ID --name NAME [--redirect-uri URL]... [--post-logout-uri URL]...
             [--grant authorization_code,refresh_token,client_credentials] [--public]
             [--alg ES256|RS256] [--min-level L1..L5] [--first-party] [--pairwise]
             [--backchannel-logout-uri URL] [--cas-service URL]... [--api-client ID]...
  client list
  client remove ID
  keys rotate      new signing keys; the old ones stay published to verify old tokens`;

export async function clientCommand(ctx: AppContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'list') {
    for (const s of await listBusinessSystems(ctx)) {
      const kinds = [s.oidc ? 'oidc' : '', s.casServicePatterns.length ? 'cas' : ''].filter(Boolean).join('+');
      console.log(`${s.id}\t${s.name}\t${kinds}\tmin ${s.minLevel}${s.firstParty ? '\tfirst-party' : ''}${s.apiClients.length ? `\tapi clients ${s.apiClients.join(',')}` : ''}`);
    }
    return 0;
  }
  if (sub === 'remove') {
    const id = rest[0];
    if (!id) throw new Error('client remove needs an id');
    const removed = await removeBusinessSystem(ctx, id);
    console.log(removed ? `removed ${id}` : `no business system ${id}`);
    return removed ? 0 : 1;
  }
  if (sub !== 'add') throw new Error(`unknown client command: ${sub ?? ''}`);
  const { values } = parseArgs({
    args: rest,
    options: {
      id: { type: 'string' },
      name: { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
      'post-logout-uri': { type: 'string', multiple: true },
      grant: { type: 'string' },
      public: { type: 'boolean' },
      alg: { type: 'string' },
      'min-level': { type: 'string' },
      'first-party': { type: 'boolean' },
      pairwise: { type: 'boolean' },
      'backchannel-logout-uri': { type: 'string' },
      'cas-service': { type: 'string', multiple: true },
      'api-client': { type: 'string', multiple: true },
    },
    strict: true,
  });
  const grants = values.grant?.split(',').map((g) => g.trim());
  const wantsOidc = Boolean(values['redirect-uri']?.length || grants?.length);
  const input = {
    id: values.id,
    name: values.name,
    minLevel: values['min-level'],
    firstParty: values['first-party'] ?? false,
    casServicePatterns: values['cas-service'] ?? [],
    apiClients: values['api-client'] ?? [],
    oidc: wantsOidc
      ? {
          redirectUris: values['redirect-uri'] ?? [],
          postLogoutRedirectUris: values['post-logout-uri'] ?? [],
          ...(grants ? { grantTypes: grants } : {}),
          tokenEndpointAuthMethod: values.public ? 'none' : 'client_secret_basic',
          ...(values.alg ? { idTokenSignedResponseAlg: values.alg } : {}),
          ...(values['backchannel-logout-uri'] ? { backchannelLogoutUri: values['backchannel-logout-uri'] } : {}),
          pairwiseSubject: values.pairwise ?? false,
        }
      : null,
  } as NewBusinessSystem;
  try {
    const { system, clientSecret } = await addBusinessSystem(ctx, input);
    console.log(`added business system ${system.id} (${system.name})`);
    if (clientSecret) console.log(`client_secret: ${clientSecret}\n(shown once: store it in the business system's configuration)`);
    return 0;
  } catch (err) {
    if (err instanceof ZodError) {
      console.error(err.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n'));
      return 1;
    }
    throw err;
  }
}

export async function keysCommand(ctx: AppContext, args: string[]): Promise<number> {
  if (args[0] !== 'rotate') throw new Error('usage: keys rotate');
  const kids = await rotateSigningKeys(ctx);
  console.log(`new signing keys: ${kids.join(', ')}; every running node signs with them within ${KEY_CHECK_MS / 1000} seconds (no restart)`);
  return 0;
}

/**
 * Business systems (业务系统): the OIDC clients and CAS services that sign people in through
 * Shenfen. One record each, with the minimum assurance level it demands and whether it is
 * first-party (no consent page).
 */
import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { AssuranceLevel } from '../domain/index.js';
import { AppError } from '../shared/app-error.js';
import { randomToken } from '../security/tokens.js';

export interface BusinessSystem {
  id: string;
  name: string;
  oidc: OidcSettings | null;
  casServicePatterns: string[];
  minLevel: AssuranceLevel;
  firstParty: boolean;
  /** The other business systems that may get access tokens for this system's API (it always may itself). */
  apiClients: string[];
}

export interface OidcSettings {
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  grantTypes: Array<'authorization_code' | 'refresh_token' | 'client_credentials'>;
  /** 'none' makes a public client (PKCE S256 required). */
  tokenEndpointAuthMethod: 'client_secret_basic' | 'client_secret_post' | 'none';
  idTokenSignedResponseAlg: 'ES256' | 'RS256';
  backchannelLogoutUri?: string | undefined;
  /** Pairwise `sub` for this client instead of the public account id. */
  pairwiseSubject: boolean;
}

/** https, or http on this machine; no fragment. zod runs the refinement on what url() refused too, hence canParse. */
const HttpsOrLocal = z
  .url()
  .refine((u) => {
    if (!URL.canParse(u)) return false;
    const url = new URL(u);
    return !url.hash && (url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)));
  }, 'request.invalid');

const SystemId = z.string().regex(/^[a-z][a-z0-9_-]{2,63}$/);

export const NewBusinessSystemSchema = z.strictObject({
  id: SystemId,
  name: z.string().min(1).max(100),
  minLevel: z.enum(['L1', 'L2', 'L3', 'L4', 'L5']).default('L1'),
  firstParty: z.boolean().default(false),
  casServicePatterns: z.array(HttpsOrLocal).max(20).default([]),
  // Default: no other system may ask for this system's API audience.
  apiClients: z.array(SystemId).max(100).default([]),
  oidc: z
    .strictObject({
      redirectUris: z.array(HttpsOrLocal).min(1).max(20),
      postLogoutRedirectUris: z.array(HttpsOrLocal).max(20).default([]),
      grantTypes: z.array(z.enum(['authorization_code', 'refresh_token', 'client_credentials'])).min(1).default(['authorization_code', 'refresh_token']),
      tokenEndpointAuthMethod: z.enum(['client_secret_basic', 'client_secret_post', 'none']).default('client_secret_basic'),
      idTokenSignedResponseAlg: z.enum(['ES256', 'RS256']).default('ES256'),
      backchannelLogoutUri: HttpsOrLocal.optional(),
      pairwiseSubject: z.boolean().default(false),
    })
    .nullable()
    .default(null),
});

export type NewBusinessSystem = z.input<typeof NewBusinessSystemSchema>;

type Row = {
  id: string;
  name: string;
  oidc_metadata: Record<string, unknown> | null;
  cas_service_patterns: string[];
  min_level: AssuranceLevel;
  first_party: boolean;
  api_clients: string[];
};

function fromRow(r: Row): BusinessSystem {
  return {
    id: r.id,
    name: r.name,
    oidc: (r.oidc_metadata as OidcSettings | null) ?? null,
    casServicePatterns: r.cas_service_patterns,
    minLevel: r.min_level,
    firstParty: r.first_party,
    apiClients: r.api_clients,
  };
}

/** Registers a business system; returns it with its client secret (shown once) when it has one. */
export async function addBusinessSystem(ctx: AppContext, input: NewBusinessSystem): Promise<{ system: BusinessSystem; clientSecret: string | null }> {
  const parsed = NewBusinessSystemSchema.parse(input);
  const needsSecret = parsed.oidc !== null && parsed.oidc.tokenEndpointAuthMethod !== 'none';
  const clientSecret = needsSecret ? randomToken() : null;
  const now = ctx.clock.now();
  try {
    await ctx.db
      .insertInto('business_systems')
      .values({
        id: parsed.id,
        name: parsed.name,
        oidc_metadata: parsed.oidc ? JSON.stringify(parsed.oidc) : null,
        client_secret_enc: clientSecret ? ctx.vault.encrypt(clientSecret) : null,
        cas_service_patterns: JSON.stringify(parsed.casServicePatterns),
        min_level: parsed.minLevel,
        first_party: parsed.firstParty,
        api_clients: JSON.stringify([...new Set(parsed.apiClients)]),
        created_at: now,
        updated_at: now,
      })
      .execute();
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new AppError('request.invalid', { id: 'request.invalid' });
    throw err;
  }
  return { system: fromRow({ ...parsed, oidc_metadata: parsed.oidc, cas_service_patterns: parsed.casServicePatterns, min_level: parsed.minLevel, first_party: parsed.firstParty, api_clients: [...new Set(parsed.apiClients)] }), clientSecret };
}

export async function findBusinessSystem(ctx: AppContext, id: string): Promise<BusinessSystem | undefined> {
  const r = await ctx.db
    .selectFrom('business_systems')
    .select(['id', 'name', 'oidc_metadata', 'cas_service_patterns', 'min_level', 'first_party', 'api_clients'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? fromRow(r) : undefined;
}

export async function listBusinessSystems(ctx: AppContext): Promise<BusinessSystem[]> {
  const rows = await ctx.db
    .selectFrom('business_systems')
    .select(['id', 'name', 'oidc_metadata', 'cas_service_patterns', 'min_level', 'first_party', 'api_clients'])
    .orderBy('id')
    .execute();
  return rows.map(fromRow);
}

export async function removeBusinessSystem(ctx: AppContext, id: string): Promise<boolean> {
  const res = await ctx.db.deleteFrom('business_systems').where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/**
 * The clients that may get access tokens for the API of business system `systemId`: the system
 * itself and the systems it lists in `apiClients`. Undefined when there is no such system.
 */
export async function apiClientsOf(ctx: AppContext, systemId: string): Promise<string[] | undefined> {
  const r = await ctx.db.selectFrom('business_systems').select('api_clients').where('id', '=', systemId).executeTakeFirst();
  return r ? [systemId, ...r.api_clients] : undefined;
}

/** The decrypted client secret, for oidc-provider's client metadata. */
export async function clientSecretOf(ctx: AppContext, id: string): Promise<string | null> {
  const r = await ctx.db.selectFrom('business_systems').select('client_secret_enc').where('id', '=', id).executeTakeFirst();
  return r?.client_secret_enc ? ctx.vault.decrypt(r.client_secret_enc) : null;
}

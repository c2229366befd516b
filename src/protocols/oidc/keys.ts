/**
 * Token signing keys in PostgreSQL (private parts encrypted), shared by every node.
 * One active ES256 key (the default) and one active RS256 key (for clients that ask for it);
 * rotation adds new keys and retires the old ones, which stay published to verify old tokens.
 * Every node notices a rotation within KEY_CHECK_MS (src/protocols/oidc/routes.ts) without a restart.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { AppContext } from '../../context.js';

type Alg = 'ES256' | 'RS256';
const ALGS: Alg[] = ['ES256', 'RS256'];

function generate(alg: Alg): Record<string, unknown> {
  const { privateKey } =
    alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(12).toString('base64url'), alg, use: 'sig' };
}

async function insertKey(ctx: AppContext, alg: Alg): Promise<string> {
  const jwk = generate(alg);
  await ctx.db
    .insertInto('signing_keys')
    .values({ kid: String(jwk.kid), alg, private_jwk_enc: ctx.vault.encrypt(JSON.stringify(jwk)), created_at: new Date(), retired_at: null })
    .execute();
  return String(jwk.kid);
}

/** Makes sure an active key of each algorithm exists. */
export async function ensureSigningKeys(ctx: AppContext): Promise<void> {
  const active = await ctx.db.selectFrom('signing_keys').select('alg').where('retired_at', 'is', null).execute();
  for (const alg of ALGS) if (!active.some((k) => k.alg === alg)) await insertKey(ctx, alg);
}

/** Retires the active keys and creates new ones; returns the new key ids. */
export async function rotateSigningKeys(ctx: AppContext): Promise<string[]> {
  await ctx.db.updateTable('signing_keys').set({ retired_at: new Date() }).where('retired_at', 'is', null).execute();
  const kids: string[] = [];
  for (const alg of ALGS) kids.push(await insertKey(ctx, alg));
  return kids;
}

/** The JWKS for oidc-provider: active keys first (ES256 first, so it is the default), then retired ones. */
export async function loadSigningKeys(ctx: AppContext): Promise<Record<string, unknown>[]> {
  const rows = await ctx.db.selectFrom('signing_keys').selectAll().orderBy('created_at', 'desc').execute();
  const order = (r: (typeof rows)[number]) => (r.retired_at ? 2 : 0) + (r.alg === 'ES256' ? 0 : 1);
  return rows.sort((a, b) => order(a) - order(b)).map((r) => JSON.parse(ctx.vault.decrypt(r.private_jwk_enc)) as Record<string, unknown>);
}

/** How often each node looks whether the key set changed (a rotation on any node). */
export const KEY_CHECK_MS = 5_000;

/** Names a set of keys: their ids, sorted. */
export const keySetVersion = (keys: { kid?: unknown }[]) => keys.map((k) => String(k.kid)).sort().join(' ');

/** The version of the key set in the store now (one small query). */
export async function storedKeySetVersion(ctx: AppContext): Promise<string> {
  return keySetVersion(await ctx.db.selectFrom('signing_keys').select('kid').execute());
}


/** The signing key oidc-provider signs with: JWS signatures any verifier accepts, the public half only. */
import { generateKeyPairSync } from 'node:crypto';
import { compactVerify, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { LocalSigningKey } from '../../src/protocols/oidc/signing-key.js';

function privateJwk(alg: 'ES256' | 'RS256') {
  const { privateKey } = alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: `k-${alg}`, alg, use: 'sig' } as Record<string, unknown>;
}

/** A compact JWS made the way oidc-provider does with an external key: header.payload, then our signature. */
function jws(key: LocalSigningKey, payload: object) {
  const input = `${Buffer.from(JSON.stringify({ alg: key.alg, kid: key.kid })).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${input}.${Buffer.from(key.sign(Buffer.from(input))).toString('base64url')}`;
}

describe('LocalSigningKey', () => {
  for (const alg of ['ES256', 'RS256'] as const) {
    it(`makes ${alg} signatures that jose verifies with the published key, and a changed payload fails`, async () => {
      const jwk = privateJwk(alg);
      const key = new LocalSigningKey(jwk);
      expect([key.kid, key.alg, key.use]).toEqual([`k-${alg}`, alg, 'sig']);
      const published = key.keyObject().export({ format: 'jwk' });
      expect(published).not.toHaveProperty('d');
      const verifyWith = await importJWK({ ...published, alg }, alg);
      const token = jws(key, { sub: 'zhangsan' });
      const { payload } = await compactVerify(token, verifyWith);
      expect(JSON.parse(Buffer.from(payload).toString())).toEqual({ sub: 'zhangsan' });
      const [h, , s] = token.split('.');
      const tampered = `${h}.${Buffer.from('{"sub":"lisi"}').toString('base64url')}.${s}`;
      await expect(compactVerify(tampered, verifyWith)).rejects.toThrow();
      if (alg === 'ES256') expect(Buffer.from(s!, 'base64url')).toHaveLength(64); // r‖s, not DER
    });
  }

  it('refuses a key without a kid or with an algorithm Shenfen does not sign with', () => {
    expect(() => new LocalSigningKey({ ...privateJwk('ES256'), alg: 'ES512' })).toThrow(/unsupported/);
    expect(() => new LocalSigningKey({ ...privateJwk('ES256'), kid: undefined })).toThrow(/unsupported/);
  });
});

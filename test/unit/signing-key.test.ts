/** The signing key oidc-provider signs with: JWS signatures any verifier accepts, the public half only. */
import { generateKeyPairSync, verify } from 'node:crypto';
import { compactVerify, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { derToJose, LocalSigningKey } from '../../src/protocols/oidc/signing-key.js';

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

  it('gives r‖s that node:crypto accepts for every signature, whatever the lengths of r and s', () => {
    // About one signature in 128 has an r or s shorter than 32 bytes and half carry a DER leading zero:
    // 1,000 signatures meet both cases with near certainty.
    const key = new LocalSigningKey(privateJwk('ES256'));
    for (let i = 0; i < 1000; i++) {
      const data = Buffer.from(`token ${i}`);
      const signature = key.sign(data);
      expect(signature).toHaveLength(64);
      expect(verify('sha256', data, { key: key.keyObject(), dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
    }
  });

  it('pads short integers, drops DER leading zeros and refuses malformed signatures', () => {
    const r = Buffer.alloc(31, 0x11); // a 31-byte r
    const s = Buffer.concat([Buffer.from([0]), Buffer.alloc(32, 0xff)]); // s with its top bit set carries a zero byte
    const der = Buffer.concat([Buffer.from([0x30, 2 + r.length + 2 + s.length, 0x02, r.length]), r, Buffer.from([0x02, s.length]), s]);
    expect(Buffer.from(derToJose(der))).toEqual(Buffer.concat([Buffer.from([0]), r, Buffer.alloc(32, 0xff)]));
    expect(() => derToJose(der.subarray(0, der.length - 1))).toThrow(/malformed/);
    expect(() => derToJose(Buffer.concat([der, Buffer.from([0])]))).toThrow(/malformed/);
    const long = Buffer.concat([Buffer.from([0x30, 2 + 34 + 2 + 1, 0x02, 34, 1]), Buffer.alloc(33, 1), Buffer.from([0x02, 1, 5])]);
    expect(() => derToJose(long)).toThrow(/malformed/);
    expect(() => derToJose(Buffer.from([0x31, 0]))).toThrow(/malformed/);
  });

  it('refuses a key without a kid or with an algorithm Shenfen does not sign with', () => {
    expect(() => new LocalSigningKey({ ...privateJwk('ES256'), alg: 'ES512' })).toThrow(/unsupported/);
    expect(() => new LocalSigningKey({ ...privateJwk('ES256'), kid: undefined })).toThrow(/unsupported/);
  });
});

/** The worked example of docs/connectors.md, computed by the signing code, and the verifier's order of checks. */
import { describe, expect, it } from 'vitest';
import { memoryNonceStore, signRequest, signResponse, stringToSign, verifySignedRequest } from '../../src/connectors/realname/http.js';

const secret = '0123456789abcdef0123456789abcdef';
const body = '{"name":"王建国","idNumber":"440106198506151271"}';
const path = '/v1/public-security/identity';
const nonce = 'q3v1c7mJr0xZb5qg8Yt2Aw';

describe('connector signing', () => {
  it('gives the documented worked example', () => {
    expect(stringToSign('POST', path, '1795000000', nonce, body).split('\n')[4]).toBe('b37d09ba7410187f770741be8a90514363df9047ec5211f5f30d16217a750f8e');
    const h = signRequest({ keyId: 'bridge-1', secret, method: 'POST', path, body, now: new Date(1795000000_000), nonce });
    expect(h['X-Shenfen-Signature']).toBe('ZBZzRtv92i5u2xHt174cSgnH3IFQro2pQEHE5OOrpbk');
    const answer = '{"outcome":"match","source":"gab-nciic","reference":"T20261123000001"}';
    const r = signResponse({ keyId: 'bridge-1', secret, path, requestNonce: nonce, body: answer, now: new Date(1795000001_000) });
    expect(r['X-Shenfen-Signature']).toBe('2TA1Qp5v5EwCKv_nzmR5nxP9dGXSVnZdox0riyEsIts');
  });

  it('verifies, then refuses a replay; a short nonce or a forged signature does not burn the nonce', async () => {
    const now = new Date(1795000100_000);
    const nonces = memoryNonceStore({ now: () => now });
    const opts = { secretFor: (k: string) => (k === 'bridge-1' ? secret : undefined), nonces, now };
    const headers = signRequest({ keyId: 'bridge-1', secret, method: 'POST', path, body, now, nonce });
    const forged = { ...headers, 'X-Shenfen-Signature': headers['X-Shenfen-Signature']!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) };
    expect(await verifySignedRequest({ method: 'POST', path, headers: forged, body }, opts)).toEqual({ ok: false, reason: 'bad_signature' });
    const short = signRequest({ keyId: 'bridge-1', secret, method: 'POST', path, body, now, nonce: 'abc' });
    expect(await verifySignedRequest({ method: 'POST', path, headers: short, body }, opts)).toEqual({ ok: false, reason: 'missing_header' });
    expect(await verifySignedRequest({ method: 'post', path, headers, body: Buffer.from(body) }, opts)).toEqual({ ok: true, keyId: 'bridge-1' });
    expect(await verifySignedRequest({ method: 'POST', path, headers, body }, opts)).toEqual({ ok: false, reason: 'replayed' });
  });
});

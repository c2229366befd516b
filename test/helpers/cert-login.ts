/** The API steps of certificate login and binding, signed by a given signer (openssl in API tests, the agent in agent tests). */
import { expect } from 'vitest';
import type { Agent, Res } from './browser.js';
import { opensslSign, type Alg, type Issued, type TestCa } from './test-ca.js';

/** A PEM certificate as the agent sends it: base64 of the DER, one line (the API refuses control characters). */
export const b64 = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

export const ALG_NAME: Record<Alg, string> = { sm2: 'sm2-sm3', rsa: 'rsa-pkcs1-sha256', 'rsa-pss': 'rsa-pss', p256: 'ecdsa-sha256', p384: 'ecdsa-sha384' };

export interface Signer {
  /** Answers what the agent would: certificate, chain, algorithm and signature over `text`. */
  sign(text: string): Promise<{ certificate: string; chain: string[]; algorithm: string; signature: string }>;
}

/** A signer that is a leaf's key file signed with by `openssl dgst` (what a UKey would produce). */
export const opensslSigner = (leaf: Issued, ca: TestCa, chain = true): Signer => ({
  async sign(text) {
    return {
      certificate: b64(leaf.certPem),
      chain: chain ? [b64(ca.certPem)] : [],
      algorithm: ALG_NAME[leaf.alg],
      signature: opensslSign(leaf, Buffer.from(text, 'utf8')).toString('base64'),
    };
  },
});

/** 数字证书登录 through a fresh login flow; `tamper` may change what is sent. */
export async function certLogin(
  agent: Agent,
  signer: Signer,
  accountKind: 'person' | 'org' = 'person',
  tamper: (text: string) => string = (t) => t,
): Promise<Res & { flowId: string; challengeId: string; sent: Record<string, unknown> }> {
  const flow = await agent.call('POST', '/api/flows/login', { method: 'cert' });
  expect(flow.status, JSON.stringify(flow.body)).toBe(201);
  const id = flow.body.flow.id;
  const ch = await agent.call('POST', `/api/flows/login/${id}/cert-challenge`, {});
  expect(ch.status, JSON.stringify(ch.body)).toBe(200);
  const signed = await signer.sign(tamper(ch.body.challenge.toBeSigned));
  const res = await agent.call('POST', `/api/flows/login/${id}/cert`, { challengeId: ch.body.challenge.id, accountKind, ...signed });
  if (res.status === 200) agent.csrf = res.body.csrfToken;
  return Object.assign(res, { flowId: id, challengeId: ch.body.challenge.id, sent: { challengeId: ch.body.challenge.id, accountKind, ...signed } });
}

/** 证书绑定 by the signed-in agent (person or org routes). */
export async function bindCert(agent: Agent, signer: Signer, kind: 'person' | 'org' = 'person', extra: Record<string, unknown> = {}): Promise<Res> {
  const base = kind === 'person' ? '/api/account/certs' : '/api/org/certs';
  const ch = await agent.call('POST', `${base}/challenge`, {});
  expect(ch.status, JSON.stringify(ch.body)).toBe(200);
  const signed = await signer.sign(ch.body.challenge.toBeSigned);
  return agent.call('POST', base, { challengeId: ch.body.challenge.id, ...signed, ...extra });
}

/** SMS gateways against local peers that check signatures the way Aliyun, Tencent Cloud and our webhook receivers do. */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { memoryNonceStore, verifySignedRequest } from '../../src/connectors/realname/signing.js';
import {
  aliyunSignature,
  aliyunStringToSign,
  ConsoleSmsGateway,
  createAliyunGateway,
  createSmsGateway,
  createTencentGateway,
  createWebhookGateway,
  tc3Sign,
  type SmsMessage,
} from '../../src/connectors/sms/index.js';

const code = (c = '482913'): SmsMessage => ({ phone: '13800138000', template: 'verification_code', params: { code: c } });

/** A local HTTP peer; `handle` answers each request from its raw body. */
interface Peer {
  url: string;
  server: Server;
  delayMs: number;
  seen: Array<{ headers: IncomingMessage['headers']; body: string }>;
  close(): Promise<void>;
}

async function startPeer(handle: (req: IncomingMessage, body: string) => { status: number; json: unknown } | Promise<{ status: number; json: unknown }>): Promise<Peer> {
  const peer = { delayMs: 0, seen: [] } as unknown as Peer;
  peer.server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        peer.seen.push({ headers: req.headers, body });
        if (peer.delayMs) await new Promise((r) => setTimeout(r, peer.delayMs));
        const { status, json } = await handle(req, body);
        if (!res.destroyed) res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      })().catch((err: unknown) => res.writeHead(500).end(String(err)));
    });
  });
  await new Promise<void>((r) => peer.server.listen(0, '127.0.0.1', r));
  peer.url = `http://127.0.0.1:${(peer.server.address() as AddressInfo).port}`;
  peer.close = () => new Promise((r) => { peer.server.closeAllConnections(); peer.server.close(() => r()); });
  return peer;
}

/** A peer that is gone: its port was just released. */
async function deadUrl(): Promise<string> {
  const p = await startPeer(() => ({ status: 200, json: {} }));
  await p.close();
  return p.url;
}

// ---------------------------------------------------------------------------------------------
// Aliyun: an independent verifier of the RPC signature (SignatureVersion 1.0), as documented.

/** Aliyun's percent-encoding, byte by byte: only A–Z a–z 0–9 - _ . ~ stay. */
function popEncode(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function aliyunExpected(method: string, params: Map<string, string>, secret: string): string {
  const sorted = [...params.keys()].filter((k) => k !== 'Signature').sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const canonical = sorted.map((k) => `${popEncode(k)}=${popEncode(params.get(k)!)}`).join('&');
  return createHmac('sha1', `${secret}&`).update(`${method}&${popEncode('/')}&${popEncode(canonical)}`).digest('base64');
}

const ALIYUN = { accessKeyId: 'LTAI5tTestKeyId', accessKeySecret: 'aliyun-test-secret', signName: '身份统一认证', templates: { verification_code: 'SMS_400001', password_changed: 'SMS_400003' } };

describe('Aliyun SMS', () => {
  let peer: Peer;
  let vendorCode = 'OK';
  const nonces = new Set<string>();
  beforeAll(async () => {
    peer = await startPeer((req, body) => {
      const params = new Map(new URLSearchParams(body));
      const requestId = 'F655A8D5-B967-440B-8683-DAD6FF8DE990';
      const expected = aliyunExpected(req.method ?? '', params, ALIYUN.accessKeySecret);
      if (params.get('AccessKeyId') !== ALIYUN.accessKeyId) return { status: 404, json: { Code: 'InvalidAccessKeyId.NotFound', Message: 'Specified access key is not found.', RequestId: requestId } };
      if (params.get('Signature') !== expected) return { status: 400, json: { Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched with our calculation.', RequestId: requestId } };
      const ts = params.get('Timestamp') ?? '';
      if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(ts) || Math.abs(Date.parse(ts) - Date.now()) > 15 * 60_000) return { status: 400, json: { Code: 'InvalidTimeStamp.Expired', Message: 'expired', RequestId: requestId } };
      const nonce = params.get('SignatureNonce') ?? '';
      if (!nonce || nonces.has(nonce)) return { status: 400, json: { Code: 'SignatureNonceUsed', Message: 'nonce used', RequestId: requestId } };
      nonces.add(nonce);
      const fixed = { Action: 'SendSms', Version: '2017-05-25', Format: 'JSON', SignatureMethod: 'HMAC-SHA1', SignatureVersion: '1.0', RegionId: 'cn-hangzhou' };
      for (const [k, v] of Object.entries(fixed)) if (params.get(k) !== v) return { status: 400, json: { Code: 'MissingParameter', Message: k, RequestId: requestId } };
      if (vendorCode !== 'OK') return { status: 200, json: { Code: vendorCode, Message: vendorCode === 'isv.BUSINESS_LIMIT_CONTROL' ? '触发号码天级流控Permits:10' : 'error', RequestId: requestId } };
      return { status: 200, json: { Message: 'OK', RequestId: requestId, BizId: '900619746936498440^0', Code: 'OK' } };
    });
  });
  afterAll(() => peer.close());

  it('reproduces the StringToSign and Signature of Aliyun’s documented SendSms example', () => {
    const params = {
      AccessKeyId: 'testId', Action: 'SendSms', Format: 'XML', OutId: '123', PhoneNumbers: '15300000001', RegionId: 'cn-hangzhou',
      SignName: '阿里云短信测试专用', SignatureMethod: 'HMAC-SHA1', SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466', SignatureVersion: '1.0',
      TemplateCode: 'SMS_71390007', TemplateParam: '{"customer":"test"}', Timestamp: '2017-07-12T02:42:19Z', Version: '2017-05-25',
    };
    expect(aliyunStringToSign('GET', params)).toBe(
      'GET&%2F&AccessKeyId%3DtestId%26Action%3DSendSms%26Format%3DXML%26OutId%3D123%26PhoneNumbers%3D15300000001%26RegionId%3Dcn-hangzhou%26SignName%3D%25E9%2598%25BF%25E9%2587%258C%25E4%25BA%2591%25E7%259F%25AD%25E4%25BF%25A1%25E6%25B5%258B%25E8%25AF%2595%25E4%25B8%2593%25E7%2594%25A8%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D45e25e9b-0a6f-4070-8c85-2956eda1b466%26SignatureVersion%3D1.0%26TemplateCode%3DSMS_71390007%26TemplateParam%3D%257B%2522customer%2522%253A%2522test%2522%257D%26Timestamp%3D2017-07-12T02%253A42%253A19Z%26Version%3D2017-05-25',
    );
    expect(aliyunSignature('testSecret', 'GET', params)).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
    // The test's own verifier agrees with the documented value too, so the peer checks what Aliyun checks.
    expect(aliyunExpected('GET', new Map(Object.entries(params)), 'testSecret')).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
  });

  it('sends a verification code: the peer accepts the signature and the BizId comes back', async () => {
    const sms = createAliyunGateway({ ...ALIYUN, endpoint: peer.url });
    expect(await sms.send(code())).toEqual({ ok: true, messageId: '900619746936498440^0' });
    const sent = new URLSearchParams(peer.seen.at(-1)!.body);
    expect(sent.get('PhoneNumbers')).toBe('13800138000');
    expect(sent.get('SignName')).toBe('身份统一认证');
    expect(sent.get('TemplateCode')).toBe('SMS_400001');
    expect(JSON.parse(sent.get('TemplateParam')!)).toEqual({ code: '482913' });
    expect(await sms.send({ phone: '+8613800138001', template: 'password_changed', params: {} })).toMatchObject({ ok: true });
  });

  it('a wrong AccessKey secret is refused by the peer and reported as a final failure', async () => {
    const sms = createAliyunGateway({ ...ALIYUN, accessKeySecret: 'not-the-secret', endpoint: peer.url });
    const r = await sms.send(code());
    expect(r).toMatchObject({ ok: false, retryable: false });
    expect(r.ok ? '' : r.error).toMatch(/SignatureDoesNotMatch.*secret is wrong/);
  });

  it('maps vendor codes: flow control is final and named, a system error is retryable', async () => {
    const sms = createAliyunGateway({ ...ALIYUN, endpoint: peer.url });
    vendorCode = 'isv.BUSINESS_LIMIT_CONTROL';
    const limited = await sms.send(code());
    expect(limited).toMatchObject({ ok: false, retryable: false });
    expect(limited.ok ? '' : limited.error).toMatch(/isv\.BUSINESS_LIMIT_CONTROL — the vendor rate limit for this phone number/);
    vendorCode = 'isp.SYSTEM_ERROR';
    expect(await sms.send(code())).toMatchObject({ ok: false, retryable: true });
    vendorCode = 'OK';
  });

  it('refuses what it cannot send without calling the vendor', async () => {
    const sms = createAliyunGateway({ ...ALIYUN, endpoint: peer.url });
    const before = peer.seen.length;
    expect(await sms.send({ phone: '13800138000', template: 'username_reminder', params: { username: 'zhangsan' } })).toMatchObject({ ok: false, retryable: false, error: expect.stringMatching(/no template code/) });
    expect(await sms.send({ phone: '13800138000', template: 'verification_code', params: {} })).toMatchObject({ ok: false, retryable: false });
    expect(await sms.send({ ...code(), phone: '12345' })).toMatchObject({ ok: false, retryable: false });
    expect(peer.seen.length).toBe(before);
  });

  it('a slow or absent peer is a retryable failure', async () => {
    peer.delayMs = 400;
    const slow = await createAliyunGateway({ ...ALIYUN, endpoint: peer.url, timeoutMs: 100 }).send(code());
    peer.delayMs = 0;
    expect(slow).toMatchObject({ ok: false, retryable: true, error: expect.stringMatching(/no answer within 100 ms/) });
    expect(await createAliyunGateway({ ...ALIYUN, endpoint: await deadUrl() }).send(code())).toMatchObject({ ok: false, retryable: true });
  });
});

// ---------------------------------------------------------------------------------------------
// Tencent Cloud: an independent verifier of TC3-HMAC-SHA256, as documented.

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (k: string | Buffer, s: string) => createHmac('sha256', k).update(s, 'utf8').digest();

function tc3Check(req: IncomingMessage, body: string, secretKey: string): 'ok' | 'bad' {
  const auth = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d\d-\d\d)\/([a-z]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(String(req.headers.authorization));
  if (!auth) return 'bad';
  const [, , date, service, signedHeaders, signature] = auth;
  const timestamp = String(req.headers['x-tc-timestamp']);
  if (new Date(Number(timestamp) * 1000).toISOString().slice(0, 10) !== date || service !== 'sms') return 'bad';
  const names = signedHeaders!.split(';');
  if (!names.includes('content-type') || !names.includes('host')) return 'bad';
  const canonicalHeaders = names.map((n) => `${n}:${String(req.headers[n] ?? '').trim().toLowerCase()}\n`).join('');
  const canonicalRequest = `${req.method}\n/\n\n${canonicalHeaders}\n${signedHeaders}\n${sha256(body)}`;
  const stringToSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/${service}/tc3_request\n${sha256(canonicalRequest)}`;
  const key = hmac(hmac(hmac(`TC3${secretKey}`, date!), service!), 'tc3_request');
  return createHmac('sha256', key).update(stringToSign).digest('hex') === signature ? 'ok' : 'bad';
}

const TENCENT = { secretId: 'AKIDtestSecretId', secretKey: 'tencent-test-secret-key', sdkAppId: '1400006666', signName: '身份统一认证', templates: { verification_code: '1110001', username_reminder: '1110002' } };

describe('Tencent Cloud SMS', () => {
  let peer: Peer;
  let statusCode = 'Ok';
  let apiError: string | null = null;
  beforeAll(async () => {
    peer = await startPeer((req, body) => {
      const RequestId = 'a0aabda6-cf91-4f3e-a81f-9198114a2279';
      const h = req.headers;
      if (h['x-tc-action'] !== 'SendSms' || h['x-tc-version'] !== '2021-01-11' || h['x-tc-region'] !== 'ap-guangzhou') return { status: 200, json: { Response: { Error: { Code: 'InvalidAction', Message: 'bad headers' }, RequestId } } };
      if (Math.abs(Number(h['x-tc-timestamp']) - Date.now() / 1000) > 300) return { status: 200, json: { Response: { Error: { Code: 'AuthFailure.SignatureExpire', Message: 'expired' }, RequestId } } };
      if (tc3Check(req, body, TENCENT.secretKey) !== 'ok') {
        return { status: 200, json: { Response: { Error: { Code: 'AuthFailure.SignatureFailure', Message: 'The provided credentials could not be validated. Please check your signature is correct.' }, RequestId } } };
      }
      if (apiError) return { status: 200, json: { Response: { Error: { Code: apiError, Message: 'error' }, RequestId } } };
      const b = JSON.parse(body) as { PhoneNumberSet: string[] };
      return { status: 200, json: { Response: { SendStatusSet: [{ SerialNo: '5000:1045710669157053657849499619', PhoneNumber: b.PhoneNumberSet[0], Fee: 1, SessionContext: '', Code: statusCode, Message: statusCode === 'Ok' ? 'send success' : 'limit', IsoCode: 'CN' }], RequestId } } };
    });
  });
  afterAll(() => peer.close());

  it('reproduces the canonical request, string to sign and signature of Tencent’s documented TC3 example', () => {
    const r = tc3Sign({
      secretId: 'AKID**********************0123456789EXAMPLE', secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE', service: 'cvm', timestamp: 1551113065,
      headers: { 'Content-Type': 'application/json; charset=utf-8', Host: 'cvm.tencentcloudapi.com' },
      payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
    });
    expect(r.canonicalRequest).toBe('POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064');
    expect(r.stringToSign).toBe('TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031');
    expect(r.authorization).toBe('TC3-HMAC-SHA256 Credential=AKID**********************0123456789EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
  });

  it('sends a verification code with +86, the app id, sign name and template; SerialNo comes back', async () => {
    const sms = createTencentGateway({ ...TENCENT, endpoint: peer.url });
    expect(await sms.send(code('000731'))).toEqual({ ok: true, messageId: '5000:1045710669157053657849499619' });
    expect(JSON.parse(peer.seen.at(-1)!.body)).toEqual({ PhoneNumberSet: ['+8613800138000'], SmsSdkAppId: '1400006666', SignName: '身份统一认证', TemplateId: '1110001', TemplateParamSet: ['000731'] });
    expect(await sms.send({ phone: '+8613800138000', template: 'username_reminder', params: { username: 'zhangsan' } })).toMatchObject({ ok: true });
    expect(JSON.parse(peer.seen.at(-1)!.body)).toMatchObject({ PhoneNumberSet: ['+8613800138000'], TemplateParamSet: ['zhangsan'] });
  });

  it('a wrong SecretKey is refused by the peer and reported as a final failure', async () => {
    const r = await createTencentGateway({ ...TENCENT, secretKey: 'wrong', endpoint: peer.url }).send(code());
    expect(r).toMatchObject({ ok: false, retryable: false, error: expect.stringMatching(/AuthFailure\.SignatureFailure — the SecretKey is wrong/) });
  });

  it('maps vendor codes: per-number limits are final, internal errors and API throttling retryable', async () => {
    const sms = createTencentGateway({ ...TENCENT, endpoint: peer.url });
    statusCode = 'LimitExceeded.PhoneNumberDailyLimit';
    expect(await sms.send(code())).toMatchObject({ ok: false, retryable: false, error: expect.stringMatching(/daily limit for this phone number/) });
    statusCode = 'Ok';
    apiError = 'InternalError.Timeout';
    expect(await sms.send(code())).toMatchObject({ ok: false, retryable: true });
    apiError = 'RequestLimitExceeded';
    expect(await sms.send(code())).toMatchObject({ ok: false, retryable: true });
    apiError = null;
  });

  it('a slow or absent peer is a retryable failure', async () => {
    peer.delayMs = 400;
    const slow = await createTencentGateway({ ...TENCENT, endpoint: peer.url, timeoutMs: 100 }).send(code());
    peer.delayMs = 0;
    expect(slow).toMatchObject({ ok: false, retryable: true });
    expect(await createTencentGateway({ ...TENCENT, endpoint: await deadUrl() }).send(code())).toMatchObject({ ok: false, retryable: true });
  });
});

// ---------------------------------------------------------------------------------------------

describe('signed webhook', () => {
  const SECRET = 'webhook-secret-of-at-least-32-characters';
  let peer: Peer;
  let refusals: string[] = [];
  const nonces = memoryNonceStore();
  beforeAll(async () => {
    peer = await startPeer(async (req, body) => {
      const verdict = await verifySignedRequest({ method: req.method ?? '', path: (req.url ?? '/').split('?')[0]!, headers: req.headers, body }, { secretFor: (k) => (k === 'sms-relay' ? SECRET : undefined), nonces });
      if (!verdict.ok) {
        refusals.push(verdict.reason);
        return { status: 401, json: { error: verdict.reason } };
      }
      return { status: 200, json: { messageId: `relay-${peer.seen.length}` } };
    });
  });
  afterAll(() => peer.close());

  it('posts the message and its rendered text with a signature the receiver verifies', async () => {
    const sms = createWebhookGateway({ url: `${peer.url}/v1/sms`, keyId: 'sms-relay', secret: SECRET });
    expect(await sms.send(code('135790'))).toEqual({ ok: true, messageId: 'relay-1' });
    expect(JSON.parse(peer.seen[0]!.body)).toEqual({ phone: '13800138000', template: 'verification_code', params: { code: '135790' }, text: '【身份统一认证】您的验证码为135790，5分钟内有效。请勿泄露给他人。' });
  });

  it('the receiver refuses a tampered body, a replay and a wrong secret', async () => {
    refusals = [];
    const { headers, body } = peer.seen[0]!;
    const replay = (b: string) => fetch(`${peer.url}/v1/sms`, { method: 'POST', headers: { ...Object.fromEntries(Object.entries(headers).filter(([k]) => k.startsWith('x-shenfen-'))) as Record<string, string>, 'content-type': 'application/json' }, body: b });
    expect((await replay(body.replace('135790', '000000'))).status).toBe(401);
    expect((await replay(body)).status).toBe(401);
    const wrong = await createWebhookGateway({ url: `${peer.url}/v1/sms`, keyId: 'sms-relay', secret: 'x'.repeat(40) }).send(code());
    expect(wrong).toMatchObject({ ok: false, retryable: false, error: 'webhook: HTTP 401: bad_signature' });
    expect(refusals).toEqual(['bad_signature', 'replayed', 'bad_signature']);
  });

  it('an absent receiver is a retryable failure', async () => {
    expect(await createWebhookGateway({ url: `${await deadUrl()}/v1/sms`, keyId: 'sms-relay', secret: SECRET }).send(code())).toMatchObject({ ok: false, retryable: true });
  });
});

describe('console gateway and configuration', () => {
  it('records messages with their zh-CN text, newest first, keeping the last N, and logs them', async () => {
    const lines: string[] = [];
    const sms = new ConsoleSmsGateway({ mode: 'development', capacity: 2, log: (l) => lines.push(l) });
    await sms.send(code('111111'));
    await sms.send({ phone: '13800138000', template: 'password_changed', params: {} });
    const r = await sms.send(code('333333'));
    expect(r).toMatchObject({ ok: true, messageId: expect.any(String) });
    expect(sms.outbox().map((m) => m.text)).toEqual(['【身份统一认证】您的验证码为333333，5分钟内有效。请勿泄露给他人。', '【身份统一认证】您的账户密码已修改，所有设备已退出登录。如非本人操作，请立即找回密码。']);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain('333333');
  });

  it('refuses production mode, whether chosen or defaulted', () => {
    expect(() => new ConsoleSmsGateway({ mode: 'production' })).toThrow(/refused in production/);
    expect(() => loadConfig({ SHENFEN_MODE: 'production', SHENFEN_PUBLIC_ORIGIN: 'https://id.example.gov.cn', SHENFEN_REALNAME_ALLOW_SANDBOX: 'true', SHENFEN_SMS_GATEWAY: 'console' })).toThrow(/console gateway is refused in production/);
    const defaulted = loadConfig({ SHENFEN_MODE: 'production', SHENFEN_PUBLIC_ORIGIN: 'https://id.example.gov.cn', SHENFEN_REALNAME_ALLOW_SANDBOX: 'true' });
    expect(() => createSmsGateway(defaulted)).toThrow(/refused in production/);
    expect(createSmsGateway(loadConfig({}), { log: () => {} })).toBeInstanceOf(ConsoleSmsGateway);
  });

  it('reads a vendor only when chosen, needs all of its settings, and parses template ids', async () => {
    expect(loadConfig({}).sms).toEqual({ gateway: 'console' });
    expect(() => loadConfig({ SHENFEN_SMS_GATEWAY: 'aliyun', SHENFEN_SMS_ALIYUN_ACCESS_KEY_ID: 'id' })).toThrow(/needs SHENFEN_SMS_ALIYUN_ACCESS_KEY_SECRET, SHENFEN_SMS_ALIYUN_SIGN_NAME, SHENFEN_SMS_ALIYUN_TEMPLATES/);
    const tencentEnv = { SHENFEN_SMS_GATEWAY: 'tencent', SHENFEN_SMS_TENCENT_SECRET_ID: 'id', SHENFEN_SMS_TENCENT_SECRET_KEY: 'k', SHENFEN_SMS_TENCENT_SDK_APP_ID: '1400006666', SHENFEN_SMS_TENCENT_SIGN_NAME: '身份统一认证' } as const;
    expect(() => loadConfig({ ...tencentEnv, SHENFEN_SMS_TENCENT_TEMPLATES: 'verification:1' })).toThrow(/purpose:id pairs/);
    expect(() => loadConfig({ ...tencentEnv, SHENFEN_SMS_TENCENT_TEMPLATES: 'password_changed:2' })).toThrow(/at least verification_code/);
    const config = loadConfig({ ...tencentEnv, SHENFEN_SMS_TENCENT_TEMPLATES: 'verification_code:1110001, username_reminder:1110002' });
    expect(config.sms.tencent).toEqual({ secretId: 'id', secretKey: 'k', sdkAppId: '1400006666', signName: '身份统一认证', templates: { verification_code: '1110001', username_reminder: '1110002' }, endpoint: 'https://sms.tencentcloudapi.com', region: 'ap-guangzhou' });
    expect(() => loadConfig({ SHENFEN_SMS_GATEWAY: 'webhook', SHENFEN_SMS_WEBHOOK_URL: 'https://relay.example/sms', SHENFEN_SMS_WEBHOOK_KEY_ID: 'k', SHENFEN_SMS_WEBHOOK_SECRET: 'short' })).toThrow(/SHENFEN_SMS_WEBHOOK_SECRET/);
  });

  it('createSmsGateway builds the configured vendor gateway, which reaches the configured endpoint', async () => {
    const peer = await startPeer(() => ({ status: 200, json: { Message: 'OK', RequestId: 'r', BizId: 'biz-1', Code: 'OK' } }));
    try {
      const config = loadConfig({
        SHENFEN_SMS_GATEWAY: 'aliyun', SHENFEN_SMS_ALIYUN_ACCESS_KEY_ID: 'id', SHENFEN_SMS_ALIYUN_ACCESS_KEY_SECRET: 's', SHENFEN_SMS_ALIYUN_SIGN_NAME: '身份统一认证',
        SHENFEN_SMS_ALIYUN_TEMPLATES: 'verification_code:SMS_1', SHENFEN_SMS_ALIYUN_ENDPOINT: peer.url,
      });
      expect(await createSmsGateway(config).send(code())).toEqual({ ok: true, messageId: 'biz-1' });
      expect(peer.seen).toHaveLength(1);
    } finally {
      await peer.close();
    }
  });
});

/**
 * `shenfen cert-agent …`: runs the certificate agent on the person's computer (no database, no
 * server configuration), imports soft tokens, and answers its PIN prompts from a terminal.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { certificateDer, pemCertificates } from '../certs/certificate.js';
import { readPkcs12, readPkcs8Pem, UnsupportedFile, WrongPassword } from './pkcs12.js';
import { SocketPrompt, type PromptQuestion } from './prompt.js';
import { DEFAULT_AGENT_PORT, startAgent } from './server.js';
import { TokenStore } from './tokens.js';

export const CERT_AGENT_USAGE = `  cert-agent serve --origin URL [--port ${DEFAULT_AGENT_PORT}] [--dir DIR]   the certificate agent (证书助手) on 127.0.0.1 for pages of URL
  cert-agent import [--dir DIR] (--p12 FILE --password P | --key FILE [--key-password P] --cert FILE [--chain FILE]) [--label L] [--max-tries 6]
  cert-agent pin [--dir DIR]   answer the agent's PIN prompts (证书密码, 修改口令) from this terminal`;

function option(flags: string[], name: string): string | undefined {
  const i = flags.indexOf(`--${name}`);
  return i >= 0 ? flags[i + 1] : undefined;
}

export async function certAgentCommand(flags: string[]): Promise<number> {
  const [action = 'serve', ...rest] = flags[0]?.startsWith('--') ? ['serve', ...flags] : flags;
  const dir = option(rest, 'dir') ?? join(homedir(), '.shenfen-cert-agent');
  if (action === 'serve') {
    const origin = option(rest, 'origin') ?? process.env.SHENFEN_PUBLIC_ORIGIN;
    if (!origin) {
      console.error('refused: give the Shenfen origin whose pages may use the agent (--origin https://id.example.gov.cn)');
      return 1;
    }
    const store = new TokenStore(dir);
    const prompt = await SocketPrompt.listen(join(dir, 'agent.sock'));
    const agent = await startAgent({ origin, port: Number(option(rest, 'port') ?? DEFAULT_AGENT_PORT), store, prompt });
    // The line tests and launchers wait for.
    console.log(`cert-agent listening on http://127.0.0.1:${agent.port} for ${new URL(origin).origin}; PIN prompts on ${prompt.socketPath}`);
    await new Promise<void>((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', resolve);
    });
    await agent.close();
    return 0;
  }
  if (action === 'import') {
    const store = new TokenStore(dir);
    try {
      const p12 = option(rest, 'p12');
      const label = option(rest, 'label');
      const maxTries = Number(option(rest, 'max-tries') ?? 6);
      let token;
      if (p12) {
        const k = readPkcs12(new Uint8Array(readFileSync(p12)), option(rest, 'password') ?? '');
        token = store.import(k.pkcs8, k.certificate, k.chain, label, maxTries);
      } else {
        const key = option(rest, 'key');
        const cert = option(rest, 'cert');
        if (!key || !cert) throw new UnsupportedFile('give --p12 FILE, or --key FILE and --cert FILE');
        const chainFile = option(rest, 'chain');
        const chain = chainFile ? pemCertificates(readFileSync(chainFile, 'latin1')) : [];
        token = store.import(readPkcs8Pem(readFileSync(key, 'latin1'), option(rest, 'key-password')), certificateDer(readFileSync(cert)), chain, label, maxTries);
      }
      console.log(`imported ${token.id} ${token.label} (${token.algorithm}); initial PIN 12345678 — change it (修改口令)`);
      return 0;
    } catch (err) {
      if (err instanceof WrongPassword || err instanceof UnsupportedFile || err instanceof Error) {
        console.error(`refused: ${err.message}`);
        return 1;
      }
      throw err;
    }
  }
  if (action === 'pin') {
    const socketPath = join(dir, 'agent.sock');
    const call = (method: string, path: string, body?: unknown) =>
      new Promise<unknown>((resolve, reject) => {
        const req = request({ socketPath, method, path, headers: { 'content-type': 'application/json' } }, (res) => {
          let raw = '';
          res.setEncoding('utf8').on('data', (c: string) => (raw += c)).on('end', () => resolve(JSON.parse(raw || '{}')));
        });
        req.on('error', reject).end(body === undefined ? undefined : JSON.stringify(body));
      });
    const { prompts } = (await call('GET', '/prompts')) as { prompts: PromptQuestion[] };
    if (prompts.length === 0) {
      console.log('no PIN prompt is waiting');
      return 0;
    }
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    for (const q of prompts) {
      console.log(`${q.origin} asks to ${q.kind === 'sign' ? `sign (${q.purpose})` : 'change the PIN (修改口令)'} with ${q.tokenLabel}; ${q.triesLeft} tries left`);
      const pin = await rl.question('证书密码 (PIN, empty to cancel): ');
      const newPin = q.kind === 'change_pin' && pin ? await rl.question('新口令: ') : undefined;
      await call('POST', `/prompts/${q.id}`, pin ? { pin, ...(newPin ? { newPin } : {}) } : { cancel: true });
    }
    rl.close();
    return 0;
  }
  console.error(`usage:\n${CERT_AGENT_USAGE}`);
  return 1;
}

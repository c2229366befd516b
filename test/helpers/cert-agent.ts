/**
 * The certificate agent as a separate process (`node dist/src/cli.js cert-agent …`, built by
 * `npm run build:server`, as `npm test`'s pretest does), its PIN channel answered like a person at
 * the agent's own prompt, and a signer that asks it like the login page would.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Signer } from './cert-login.js';

export const CLI = fileURLToPath(new URL('../../dist/src/cli.js', import.meta.url));

export interface RunningAgent {
  url: string;
  dir: string;
  origin: string;
  process: ChildProcess;
  /** A request as a page of `origin` makes it (default the configured one). */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  /** Waits for the agent's next PIN prompt and answers it (null: cancel). */
  answerPrompt(answer: { pin: string; newPin?: string } | null): Promise<{ kind: string; triesLeft: number }>;
  stop(): Promise<void>;
}

export async function importToken(dir: string, args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'cert-agent', 'import', '--dir', dir, ...args], { timeout: 60_000 });
  return /imported (\S+)/.exec(stdout)![1]!;
}

function socketCall(socketPath: string, method: string, path: string, body?: unknown): Promise<any> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method, path, headers: { 'content-type': 'application/json' } }, (res) => {
      let raw = '';
      res.setEncoding('utf8').on('data', (c: string) => (raw += c)).on('end', () => resolve(JSON.parse(raw || '{}')));
    });
    req.on('error', reject).end(body === undefined ? undefined : JSON.stringify(body));
  });
}

export async function startAgentProcess(origin: string, dir = mkdtempSync(join(tmpdir(), 'shenfen-agent-'))): Promise<RunningAgent> {
  const child = spawn(process.execPath, [CLI, 'cert-agent', 'serve', '--origin', origin, '--port', '0', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`cert-agent exited ${code}: ${out}`)));
  });
  const socketPath = join(dir, 'agent.sock');
  return {
    url,
    dir,
    origin,
    process: child,
    async call(method, path, body, headers = {}) {
      const res = await fetch(url + path, {
        method,
        headers: { origin, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
    },
    async answerPrompt(answer) {
      // Wait for what the agent shows (a prompt), not for time.
      for (;;) {
        const { prompts } = await socketCall(socketPath, 'GET', '/prompts');
        if (prompts.length > 0) {
          await socketCall(socketPath, 'POST', `/prompts/${prompts[0].id}`, answer ?? { cancel: true });
          return prompts[0];
        }
        await new Promise((r) => setImmediate(r));
      }
    },
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Signs through the agent like the login page: the token's certificate, the PIN at the agent's prompt. */
export function agentSigner(agent: RunningAgent, tokenId: string, pin = '12345678'): Signer & { last?: any } {
  const s: Signer & { last?: any } = {
    async sign(text) {
      const [res] = await Promise.all([agent.call('POST', '/v1/sign', { tokenId, toBeSigned: text }), agent.answerPrompt({ pin })]);
      s.last = res;
      if (res.status !== 200) throw Object.assign(new Error(`agent refused: ${JSON.stringify(res.body)}`), { res });
      return { certificate: res.body.certificate, chain: res.body.chain, algorithm: res.body.algorithm, signature: res.body.signature };
    },
  };
  return s;
}

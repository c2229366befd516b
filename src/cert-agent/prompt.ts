/**
 * Where the agent asks for the 证书密码 (PIN): never the page — the PIN never reaches the browser
 * or the server. A desktop build shows its own modal window (a native dialog naming the site's
 * origin, the certificate and the tries left); this program offers the same questions on a local
 * channel only the user's own processes reach: a Unix socket in the agent's directory (mode 0600),
 * `GET /prompts` lists what is waiting and `POST /prompts/<id>` answers `{ pin }` (or `{ pin,
 * newPin }` for 修改口令, or `{ cancel: true }`). Tests answer there; `shenfen cert-agent pin`
 * answers from a terminal. A question not answered in 2 minutes is cancelled.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';

export interface PromptQuestion {
  id: string;
  kind: 'sign' | 'change_pin';
  origin: string;
  tokenId: string;
  tokenLabel: string;
  /** What the signature is for (sign_in, binding), shown to the person. */
  purpose?: string;
  triesLeft: number;
  initialPin: boolean;
}

export type PromptAnswer = { pin: string; newPin?: string } | null;

export interface PinPrompt {
  ask(q: Omit<PromptQuestion, 'id'>): Promise<PromptAnswer>;
  close(): Promise<void>;
}

const WAIT_MS = 120_000;

/** The socket channel. */
export class SocketPrompt implements PinPrompt {
  private readonly pending = new Map<string, { q: PromptQuestion; done: (a: PromptAnswer) => void; timer: NodeJS.Timeout }>();
  private readonly server: Server;

  private constructor(readonly socketPath: string) {
    this.server = createServer((req, res) => {
      const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method === 'GET' && req.url === '/prompts') return send(200, { prompts: [...this.pending.values()].map((p) => p.q) });
      const m = /^\/prompts\/([0-9a-f-]{36})$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !m) return send(404, { error: 'not found' });
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => {
        raw += c;
        if (raw.length > 4096) req.destroy();
      });
      req.on('end', () => {
        const p = this.pending.get(m[1]!);
        if (!p) return send(404, { error: 'no such prompt' });
        let body: { pin?: unknown; newPin?: unknown; cancel?: unknown };
        try {
          body = JSON.parse(raw) as typeof body;
        } catch {
          return send(400, { error: 'bad json' });
        }
        this.pending.delete(m[1]!);
        clearTimeout(p.timer);
        if (body.cancel === true || typeof body.pin !== 'string') p.done(null);
        else p.done({ pin: body.pin, ...(typeof body.newPin === 'string' ? { newPin: body.newPin } : {}) });
        send(200, { answered: true });
      });
    });
  }

  static async listen(socketPath: string): Promise<SocketPrompt> {
    rmSync(socketPath, { force: true });
    const p = new SocketPrompt(socketPath);
    await new Promise<void>((resolve, reject) => p.server.once('error', reject).listen(socketPath, resolve));
    chmodSync(socketPath, 0o600);
    return p;
  }

  ask(q: Omit<PromptQuestion, 'id'>): Promise<PromptAnswer> {
    const id = randomUUID();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(null);
      }, WAIT_MS);
      timer.unref();
      this.pending.set(id, { q: { id, ...q }, done: resolve, timer });
    });
  }

  async close(): Promise<void> {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.done(null);
    }
    this.pending.clear();
    await new Promise<void>((r) => this.server.close(() => r()));
    rmSync(this.socketPath, { force: true });
  }
}

// The proof of work that comes with every captcha (docs/captcha.md). The server sends a challenge
// beside each picture (`{ captcha, pow }`, in a flow or alone); api() hands it here as it arrives,
// a worker solves it while the person types, and api() adds the answer (`pow`) to the request that
// carries that flow's `captcha`, waiting for it if the worker has not finished yet.
import type { PowChallenge } from '../../../src/shared/pow';


const solving = new Map<string, { challenge: string; answer: Promise<string> }>();

const isChallenge = (x: unknown): x is PowChallenge => {
  const c = x as Partial<PowChallenge> | null;
  return !!c && typeof c === 'object' && typeof c.flowId === 'string' && typeof c.challenge === 'string' && typeof c.salt === 'string' && typeof c.maxnumber === 'number';
};

/** Starts solving a challenge (once; the newest one of a flow replaces the older) and returns its answer. */
export function solvePow(c: PowChallenge): Promise<string> {
  const known = solving.get(c.flowId);
  if (known?.challenge === c.challenge) return known.answer;
  const answer = solveInWorker(c);
  answer.catch(() => {}); // awaited by whoever sends the captcha; never unhandled here
  solving.set(c.flowId, { challenge: c.challenge, answer });
  return answer;
}

/** An API answer arrived: start on the challenges in it (at its top or in its `flow`). */
export function notePowChallenges(answer: unknown): void {
  for (const x of [answer, (answer as { flow?: unknown } | null)?.flow]) {
    const c = (x as { pow?: unknown } | null)?.pow;
    if (isChallenge(c)) void solvePow(c);
  }
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** A request body with a `captcha` for a flow (in the path, or `flowId` in the body) gets that flow's `pow`. */
export async function withPow(path: string, body: unknown): Promise<unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body) || !('captcha' in body) || 'pow' in body) return body;
  const flowId = path.match(UUID)?.[0] ?? (body as { flowId?: unknown }).flowId;
  const pending = typeof flowId === 'string' ? solving.get(flowId) : undefined;
  if (!pending) return body;
  // A worker that failed sends no answer: the server then says pow.required, a message the page shows.
  const pow = await pending.answer.catch(() => undefined);
  return pow === undefined ? body : { ...body, pow };
}

function solveInWorker(c: PowChallenge): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./powWorker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<number | null>) => {
      worker.terminate();
      if (e.data === null) reject(new Error('pow: no solution'));
      else resolve(String(e.data));
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(`pow: ${e.message}`));
    };
    worker.postMessage({ salt: c.salt, challenge: c.challenge, maxnumber: c.maxnumber });
  });
}

import { describe, expect, it } from 'vitest';
import { BackgroundWork, inBackground } from '../../src/background.js';

describe('BackgroundWork', () => {
  it('settles after the work started so far and the work it starts; a failure goes to its handler, a failing handler goes nowhere', async () => {
    const work = new BackgroundWork();
    const done: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    work.run(
      async () => {
        await gate;
        done.push('first');
        work.run(async () => void done.push('started by the first'), async () => {});
      },
      async () => {},
    );
    work.run(
      async () => {
        throw new Error('authority down');
      },
      async (err) => void done.push(`handled: ${(err as Error).message}`),
    );
    work.run(
      async () => {
        throw new Error('again');
      },
      async () => {
        throw new Error('the store is closed');
      },
    );
    let settled = false;
    const waiting = work.settled().then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    open();
    await waiting;
    expect(done).toEqual(['handled: authority down', 'first', 'started by the first']);
  });

  it('tells work it runs, and its error handler, from the request that started it, also after an await', async () => {
    const work = new BackgroundWork();
    const seen: Array<[string, boolean]> = [];
    seen.push(['request', inBackground()]);
    work.run(
      async () => {
        seen.push(['work', inBackground()]);
        await new Promise((resolve) => setTimeout(resolve, 1));
        seen.push(['work after await', inBackground()]);
        throw new Error('vendor down');
      },
      async () => void seen.push(['handler', inBackground()]),
    );
    seen.push(['request after run', inBackground()]);
    await work.settled();
    expect(seen).toEqual([
      ['request', false],
      ['work', true],
      ['request after run', false],
      ['work after await', true],
      ['handler', true],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { BackgroundWork } from '../../src/background.js';

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
});

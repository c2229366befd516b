// Solves a captcha's proof of work off the main thread: the number n ≤ maxnumber with
// SHA-256(salt + n) = challenge (web/src/lib/pow.ts). Digests are asked for in batches, so the
// browser's native SHA-256 works while the promises of the last batch settle.
const BATCH = 1000;

self.onmessage = async (e: MessageEvent<{ salt: string; challenge: string; maxnumber: number }>) => {
  const { salt, challenge, maxnumber } = e.data;
  const target = new Uint8Array(challenge.match(/../g)!.map((h) => parseInt(h, 16)));
  const encoder = new TextEncoder();
  for (let start = 0; start <= maxnumber; start += BATCH) {
    const end = Math.min(maxnumber, start + BATCH - 1);
    const digests: Array<Promise<ArrayBuffer>> = [];
    for (let n = start; n <= end; n++) digests.push(crypto.subtle.digest('SHA-256', encoder.encode(salt + n)));
    const done = await Promise.all(digests);
    for (let i = 0; i < done.length; i++) {
      const d = new Uint8Array(done[i]!);
      let same = true;
      for (let k = 0; k < 32 && same; k++) same = d[k] === target[k];
      if (same) {
        postMessage(start + i);
        return;
      }
    }
  }
  postMessage(null);
};

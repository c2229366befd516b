/**
 * The sandbox face authority: the sandbox face registry (`sandbox_portraits`: which sandbox people
 * have which built-in portrait, ./portraits.ts) and the local model (src/face/engine.ts) comparing
 * the frame with the portrait. An identity without a portrait, or a name that is not the
 * registry's, answers similarity 0 — what a stranger's face would get.
 */
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { normaliseIdInput } from '../../domain/gb11643.js';
import { faceEngine } from '../../face/attempts.js';
import type { FaceReading } from '../../face/types.js';
import { normaliseName } from '../realname/authority.js';
import type { FaceAuthority } from './authority.js';
import { portraitImage, type PortraitKey } from './portraits.js';

/** The sandbox registry's keyed-hash kind of ID numbers (the same as src/connectors/realname/sandbox.ts). */
const ID_KIND = 'sandbox.id_number';

type Ctx = Pick<AppContext, 'db' | 'vault' | 'clock' | 'config'>;

/** The face the largest box holds (a portrait has one). */
const mainFace = (faces: FaceReading[]): FaceReading | undefined => [...faces].sort((x, y) => y.box[2] * y.box[3] - x.box[2] * x.box[3])[0];

/** Gives a sandbox identity a built-in portrait (replacing any it had): tests and the demo. */
export async function setSandboxPortrait(ctx: Pick<AppContext, 'db' | 'vault' | 'clock'>, who: { name: string; idNumber: string }, portrait: PortraitKey): Promise<void> {
  const hash = ctx.vault.lookupHash(ID_KIND, normaliseIdInput(who.idNumber));
  await ctx.db
    .insertInto('sandbox_portraits')
    .values({ id_number_hash: hash, name: who.name, portrait, created_at: ctx.clock.now() })
    .onConflict((oc) => oc.column('id_number_hash').doUpdateSet({ name: who.name, portrait }))
    .execute();
}

export function createSandboxFaceAuthority(ctx: Ctx): FaceAuthority {
  // One embedding per portrait, computed once per process.
  const embeddings = new Map<PortraitKey, Promise<number[] | null>>();
  const engine = () => faceEngine();
  const embeddingOf = (key: PortraitKey) => {
    let e = embeddings.get(key);
    if (!e) {
      e = (async () => mainFace((await (await engine()).analyse(await portraitImage(key))).faces)?.embedding ?? null)();
      e.catch(() => embeddings.delete(key));
      embeddings.set(key, e);
    }
    return e;
  };
  const answer = (similarity: number) => ({ similarity, source: 'sandbox:face', reference: `SBX${randomBytes(8).toString('hex').toUpperCase()}` });
  return {
    async compare(name, idNumber, frame) {
      const row = await ctx.db.selectFrom('sandbox_portraits').select(['name', 'portrait']).where('id_number_hash', '=', ctx.vault.lookupHash(ID_KIND, normaliseIdInput(idNumber))).executeTakeFirst();
      if (!row || normaliseName(row.name) !== normaliseName(name)) return answer(0);
      const reference = await embeddingOf(row.portrait as PortraitKey);
      const e = await engine();
      const face = mainFace((await e.analyse(frame)).faces);
      if (!reference || !face) return answer(0);
      return answer(e.similarity(reference, face.embedding));
    },
  };
}

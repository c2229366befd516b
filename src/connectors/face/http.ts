/** The face authority over the signed JSON bridge (docs/connectors.md): the same protocol as the real-name checks. */
import { postSigned, type SignedClientOptions } from '../realname/signing.js';
import type { FaceAuthority } from './authority.js';

export const FACE_COMPARE_PATH = '/v1/public-security/portrait-compare';

/** `{ similarity: 0..1, source, reference? }`, or null. */
export function parseComparison(json: unknown): { similarity: number; source: string; reference?: string } | null {
  if (typeof json !== 'object' || json === null) return null;
  const { similarity, source, reference } = json as Record<string, unknown>;
  if (typeof similarity !== 'number' || !Number.isFinite(similarity) || similarity < 0 || similarity > 1) return null;
  if (typeof source !== 'string' || source.length === 0 || source.length > 100) return null;
  if (reference !== undefined && (typeof reference !== 'string' || reference.length > 128)) return null;
  return { similarity, source, ...(reference === undefined ? {} : { reference }) };
}

/**
 * POSTs `{ name, idNumber, image }` (the frame as base64 JPEG) signed; any failure to get a
 * well-signed, well-formed answer throws (there is no "unavailable" similarity: the attempt fails
 * with a 503 and is not counted as a no-match).
 */
export function createHttpFaceAuthority(opts: SignedClientOptions): FaceAuthority {
  return {
    async compare(name, idNumber, frame) {
      const answer = parseComparison(await postSigned({ timeoutMs: 10_000, ...opts }, FACE_COMPARE_PATH, { name, idNumber, image: Buffer.from(frame).toString('base64') }));
      if (!answer) throw new FaceAuthorityUnavailable();
      return answer;
    },
  };
}

export class FaceAuthorityUnavailable extends Error {
  override readonly name = 'FaceAuthorityUnavailable';
}

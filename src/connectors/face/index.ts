/** The face authority: the sandbox or the signed HTTP bridge, as configured for the real-name authorities (SHENFEN_REALNAME_*). */
import type { AppContext } from '../../context.js';
import type { FaceAuthority } from './authority.js';
import { createHttpFaceAuthority } from './http.js';
import { createSandboxFaceAuthority } from './sandbox.js';

export type { FaceAuthority, FaceComparison } from './authority.js';
export { setSandboxPortrait } from './sandbox.js';
export { FACE_COMPARE_PATH, FaceAuthorityUnavailable, parseComparison } from './http.js';

export function createFaceAuthority(ctx: Pick<AppContext, 'db' | 'vault' | 'clock' | 'config'>): FaceAuthority {
  const config = ctx.config.realName;
  if (config.connector === 'http') {
    if (!config.httpBaseUrl || !config.httpKeyId || !config.httpSecret) throw new Error('SHENFEN_REALNAME_CONNECTOR=http needs SHENFEN_REALNAME_URL, SHENFEN_REALNAME_KEY_ID and SHENFEN_REALNAME_SECRET');
    return createHttpFaceAuthority({ baseUrl: config.httpBaseUrl, keyId: config.httpKeyId, secret: config.httpSecret, clock: ctx.clock });
  }
  // Production with the sandbox is refused by the real-name authorities' factory, which runs first.
  return createSandboxFaceAuthority(ctx);
}

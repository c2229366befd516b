// The face capture routes (issue 13; their schemas in src/shared/api/face.ts): 人脸识别认证 for the
// signed-in person, and the 刷脸认证找回 steps of a recovery flow. Frames are JPEG, base64 without the
// `data:` prefix. `consent: true` is sent only from the step after the page's consent step.
import { api } from '../../api';
import type { FaceAction } from '../../../../src/face/types';
import type { RecoveryFlow } from '../../selfServiceEndpoints';

/** What the server asks for this attempt: the nonce to send back, the actions in order, until when, how many frames at most. */
export interface FaceChallenge {
  nonce: string;
  actions: FaceAction[];
  expiresAt: string;
  maxFrames: number;
}

/** One frame: its step (0 the neutral frame, k during/after action k), ms since the challenge was shown, the JPEG. */
export interface FaceFrame {
  step: number;
  at: number;
  image: string;
}

const recovery = (flowId: string, step: string) => `/api/flows/recovery/${encodeURIComponent(flowId)}/${step}`;

export const startRealNameFace = () => api<FaceChallenge>('POST', '/api/account/real-name/face/capture', { consent: true });
export const submitRealNameFace = (nonce: string, frames: FaceFrame[]) => api<unknown>('POST', '/api/account/real-name/face', { nonce, frames });

export const startRecoveryFace = (flowId: string, body: { name: string; idNumber: string }) =>
  api<{ flow: RecoveryFlow; face: FaceChallenge }>('POST', recovery(flowId, 'face-start'), { ...body, consent: true });
export const submitRecoveryFace = (flowId: string, nonce: string, frames: FaceFrame[]) =>
  api<{ flow: RecoveryFlow }>('POST', recovery(flowId, 'face'), { nonce, frames });

/**
 * Face capture (issue 13): the bodies and answers of the capture routes — 人脸识别认证
 * (`/api/account/real-name/face/capture`, `/api/account/real-name/face`) and 刷脸认证找回
 * (`/api/flows/recovery/:id/face-start`, `/api/flows/recovery/:id/face`). Frames are JPEG, base64
 * without the `data:` prefix; the server checks count, size, order and timing against the
 * configuration (src/face/attempts.ts), these schemas only the shape.
 */
import { z } from 'zod';
import { Instant } from './common.js';
import { RecoveryFlowView } from './flows.js';

/**
 * The actions a challenge asks for (src/face/types.ts FACE_ACTIONS: src/shared imports nothing from
 * the server, so the list is repeated here; src/face/attempts.ts checks at compile time that the two agree).
 */
export const FACE_ACTION_NAMES = ['raise_head', 'lower_head', 'turn_left', 'turn_right', 'blink', 'open_mouth'] as const;
export const FaceAction = z.enum(FACE_ACTION_NAMES);

/** Separate consent to processing the face (PIPL sensitive personal information) before the camera opens. */
export const FaceConsent = z.literal(true, 'face.consent_required');

/** What the page is told to do: the nonce to send back, the actions in order, until when, and how many frames at most. */
export const FaceChallenge = z.strictObject({ nonce: z.string(), actions: z.array(FaceAction), expiresAt: Instant, maxFrames: z.number().int() });
export type FaceChallenge = z.infer<typeof FaceChallenge>;

/** One frame: its step (0 the neutral frame, k during/after action k), when (ms since the challenge was shown), the JPEG. */
export const FaceFrame = z.strictObject({
  step: z.number('face.frames_invalid').int('face.frames_invalid').min(0, 'face.frames_invalid').max(16, 'face.frames_invalid'),
  at: z.number('face.frames_invalid').min(0, 'face.frames_invalid').max(24 * 3600 * 1000, 'face.frames_invalid'),
  // A generous cap for the schema; face.maxFrameBytes is checked on the decoded bytes.
  image: z.string('face.image_invalid').min(1, 'face.image_invalid').max(4_000_000, 'face.image_invalid'),
});

/** The frames of an attempt, with its nonce. */
export const FaceFrames = z.strictObject({
  nonce: z.string('face.nonce_invalid').max(64, 'face.nonce_invalid'),
  frames: z.array(FaceFrame, 'face.frames_invalid').min(1, 'face.frames_invalid').max(64, 'face.frames_invalid'),
});
export type FaceFrames = z.infer<typeof FaceFrames>;

/** POST /api/account/real-name/face/capture. */
export const RealNameFaceCapture = z.strictObject({ consent: FaceConsent });

/** POST /api/flows/recovery/:id/face-start: 姓名, 证件号码 and the consent. */
export const RecoveryFaceStart = z.strictObject({
  name: z.string('name.invalid').trim().min(1, 'name.invalid').max(50, 'name.invalid'),
  idNumber: z.string('id_number.format').trim().min(1, 'id_number.format').max(32, 'id_number.format'),
  consent: FaceConsent,
});
/** Its answer: the flow as it is, and the challenge. */
export const RecoveryFaceStarted = z.strictObject({ flow: RecoveryFlowView, face: FaceChallenge });

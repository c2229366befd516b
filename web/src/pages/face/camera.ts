// The camera of the capture pages: opening it (front camera, at least 640×480), copying a frame to a
// canvas, and making the JPEG the server gets.
import type { FaceFrame } from './faceApi';

/** Why the camera could not be used, as the page explains it. */
export type CameraProblem = 'unsupported' | 'denied' | 'not_found' | 'busy' | 'policy' | 'failed';

export class CameraError extends Error {
  constructor(readonly problem: CameraProblem) {
    super(`camera: ${problem}`);
  }
}

/** Whether this document may use the camera at all (Permissions-Policy; Chromium tells, others don't). */
function policyAllowsCamera(): boolean {
  const policy = (document as { featurePolicy?: { allowsFeature?: (f: string) => boolean } }).featurePolicy;
  return policy?.allowsFeature ? policy.allowsFeature('camera') : true;
}

/**
 * The capture pages are served with `camera=(self)` (src/shared/capture-pages.ts) and reached by a
 * full page load; a document that came here by a router navigation has the policy of the page it was
 * loaded as: load this page once more (once, so a misconfigured server cannot make it loop).
 */
export function reloadIfCameraForbidden(): boolean {
  if (policyAllowsCamera()) return false;
  const key = `shenfen.cameraReload:${location.pathname}`;
  try {
    if (sessionStorage.getItem(key)) return false;
    sessionStorage.setItem(key, '1');
  } catch {
    return false;
  }
  location.reload();
  return true;
}

export async function openCamera(): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) throw new CameraError('unsupported');
  if (!policyAllowsCamera()) throw new CameraError('policy');
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: 'user', width: { min: 640, ideal: 1280 }, height: { min: 480, ideal: 720 } },
    });
  } catch (err) {
    const name = (err as { name?: string }).name;
    // A camera below 640×480 cannot meet the constraints: open it anyway, 环境检测 then says so.
    if (name === 'OverconstrainedError') {
      try {
        return await navigator.mediaDevices.getUserMedia({ audio: false, video: { facingMode: 'user' } });
      } catch (again) {
        throw cameraError(again);
      }
    }
    throw cameraError(err);
  }
}

function cameraError(err: unknown): CameraError {
  const name = (err as { name?: string }).name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return new CameraError('denied');
  if (name === 'NotFoundError' || name === 'DevicesNotFoundError') return new CameraError('not_found');
  if (name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError') return new CameraError('busy');
  return new CameraError('failed');
}

export function stopCamera(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/** The longest side of a frame sent to the server: a camera's 1080p is scaled down, 640×480 stays. */
const MAX_SIDE = 1280;

/** A copy of the video's current frame, at most MAX_SIDE on its longest side. */
export function grabFrame(video: HTMLVideoElement, canvas = document.createElement('canvas')): HTMLCanvasElement {
  const w = video.videoWidth;
  const h = video.videoHeight;
  const scale = Math.min(1, MAX_SIDE / Math.max(w, h));
  canvas.width = Math.round(w * scale);
  canvas.height = Math.round(h * scale);
  canvas.getContext('2d', { willReadFrequently: true })!.drawImage(video, 0, 0, canvas.width, canvas.height);
  return canvas;
}

/** The server's default face.maxFrameBytes (src/face/config.ts) less a margin. */
const MAX_JPEG_BYTES = 380_000;

async function jpeg(canvas: HTMLCanvasElement, quality: number): Promise<Blob> {
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
  if (!blob) throw new Error('camera: the frame could not be encoded');
  return blob;
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The frame as the server takes it: JPEG, base64 without the `data:` prefix, under the size limit. */
export async function toFrame(canvas: HTMLCanvasElement, step: number, at: number): Promise<FaceFrame> {
  let blob = await jpeg(canvas, 0.88);
  for (const quality of [0.75, 0.6, 0.45]) {
    if (blob.size <= MAX_JPEG_BYTES) break;
    blob = await jpeg(canvas, quality);
  }
  return { step, at: Math.round(at), image: base64(new Uint8Array(await blob.arrayBuffer())) };
}

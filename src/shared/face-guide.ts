/**
 * The face limits the capture page guides by and the server decides by, in one place: the server's
 * defaults (src/face/config.ts) are these, and the page (web/src/pages/face/guide.ts) imports them,
 * so what the page calls fit or done is what the server will measure by default. Where the numbers
 * come from: docs/face.md.
 */
export const FACE_GUIDE_LIMITS = {
  /** 30 万像素: at least 640×480. */
  minWidth: 640,
  minHeight: 480,
  /** Mean luma (0..255) inside the face box. */
  minLuminance: 50,
  maxLuminance: 220,
  /** Face box width as a share of the frame width (50–60 cm from a laptop camera is about 0.21–0.33). */
  minFaceShare: 0.15,
  maxFaceShare: 0.6,
  /** Degrees away from the neutral pose that count as a turn or a nod. */
  turnDegrees: 7,
  nodDegrees: 8,
  /** Drop of eyes openness (0..1) that counts as a blink; rise of mouth openness that counts as open. */
  blinkDrop: 0.35,
  mouthRise: 0.25,
} as const;

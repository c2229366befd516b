// The capture page's guidance (web/src/pages/face/guide.ts): which 环境检测 check a frame fails, and
// how far an action has gone — with the server's limits, so that what the page calls fit or done is
// what the server will measure (src/face/config.ts, src/face/actions.ts).
import { describe, expect, it } from 'vitest';
import { DEFAULT_FACE_THRESHOLDS, faceConfig } from '../../src/face/config.js';
import { environmentProblems, LIMITS, progress, resolutionOk, target, type GuideFace, type GuideReading } from '../../web/src/pages/face/guide.js';

const face = (over: Partial<GuideFace> = {}): GuideFace => ({ box: [220, 120, 210, 230], yaw: -12, pitch: -10, eyesOpen: 0.8, mouthOpen: 0.05, luminance: 120, ...over });
const reading = (faces: GuideFace[], over: Partial<GuideReading> = {}): GuideReading => ({ width: 640, height: 480, faces, frameLuminance: 128, ...over });

describe('环境检测 in the browser', () => {
  it('uses the limits the server checks by default', () => {
    const { minWidth, minHeight, ...limits } = LIMITS;
    const server = faceConfig({});
    expect({ minWidth, minHeight }).toEqual({ minWidth: server.minWidth, minHeight: server.minHeight });
    for (const [key, value] of Object.entries(limits)) expect(DEFAULT_FACE_THRESHOLDS[key as keyof typeof DEFAULT_FACE_THRESHOLDS], key).toBe(value);
  });

  it('passes one well-lit face at the right distance, and names each failure', () => {
    expect(environmentProblems(reading([face()]))).toEqual([]);
    expect(environmentProblems(reading([]))).toEqual(['no_face']);
    expect(environmentProblems(reading([], { frameLuminance: 20 }))).toEqual(['too_dark']);
    expect(environmentProblems(reading([], { frameLuminance: 240 }))).toEqual(['too_bright']);
    expect(environmentProblems(reading([face(), face({ box: [10, 10, 150, 150] })]))).toEqual(['many_faces']);
    expect(environmentProblems(reading([face({ luminance: 30 })]))).toEqual(['too_dark']);
    expect(environmentProblems(reading([face({ luminance: 235 })]))).toEqual(['too_bright']);
    expect(environmentProblems(reading([face({ box: [300, 200, 60, 70] })]))).toEqual(['too_far']);
    expect(environmentProblems(reading([face({ box: [0, 0, 500, 470] })]))).toEqual(['too_close']);
    expect(environmentProblems(reading([face({ luminance: 30, box: [300, 200, 60, 70] })]))).toEqual(['too_dark', 'too_far']);
    expect(environmentProblems(reading([face()], { width: 320, height: 240 }))).toEqual(['low_resolution']);
  });

  it('takes 30 万像素 either way up: 640×480 and a phone’s 480×640, not 320×240', () => {
    expect(resolutionOk(640, 480)).toBe(true);
    expect(resolutionOk(480, 640)).toBe(true);
    expect(resolutionOk(1280, 720)).toBe(true);
    expect(resolutionOk(320, 240)).toBe(false);
    expect(resolutionOk(640, 360)).toBe(false);
  });
});

describe('an action’s progress', () => {
  const neutral = face();
  it('counts only the asked direction, from the neutral face (src/face/types.ts signs)', () => {
    expect(progress('turn_left', face({ yaw: -2 }), neutral)).toBe(10);
    expect(progress('turn_right', face({ yaw: -2 }), neutral)).toBe(-10);
    expect(progress('turn_right', face({ yaw: -20 }), neutral)).toBe(8);
    expect(progress('raise_head', face({ pitch: 0 }), neutral)).toBe(10);
    expect(progress('lower_head', face({ pitch: 0 }), neutral)).toBe(-10);
    expect(progress('blink', face({ eyesOpen: 0.2 }), neutral)).toBeCloseTo(0.6);
    expect(progress('open_mouth', face({ mouthOpen: 0.5 }), neutral)).toBeCloseTo(0.45);
  });

  it('is done at the server’s threshold for each kind of action', () => {
    expect(target('turn_left')).toBe(DEFAULT_FACE_THRESHOLDS.turnDegrees);
    expect(target('turn_right')).toBe(DEFAULT_FACE_THRESHOLDS.turnDegrees);
    expect(target('raise_head')).toBe(DEFAULT_FACE_THRESHOLDS.nodDegrees);
    expect(target('lower_head')).toBe(DEFAULT_FACE_THRESHOLDS.nodDegrees);
    expect(target('blink')).toBe(DEFAULT_FACE_THRESHOLDS.blinkDrop);
    expect(target('open_mouth')).toBe(DEFAULT_FACE_THRESHOLDS.mouthRise);
  });
});

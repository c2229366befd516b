// 人脸认证 in four steps (seed 003: 环境检测 → 拍摄认证照片 → 完成, after a consent step of its own):
//  1. 同意 — what is collected, why, how long it is kept, the right to refuse; the non-face way beside it.
//  2. 环境检测 — camera allowed and working, ≥ 640×480, one face, light, distance (the green box flashes
//     at the right distance); each failure says what to do. Human runs in the browser for this only.
//  3. 拍摄认证照片 — the server's actions, one by one: words, a small animation, the voice (zh-CN where the
//     browser has one), a countdown ('正在拍摄中16'); a neutral frame and 1–2 frames per action (the one
//     where the browser sees the action done first), sent with the nonce.
//  4. 完成, or the server's message with 重新认证 and the other ways.
// Used by 人脸识别认证 (web/src/pages/face/RealNameFacePage.tsx), 刷脸认证找回 (RecoveryFaceVerify.tsx) and
// 养老待遇资格认证's 人脸认证 (web/src/pages/pension/PensionCertifyPage.tsx).
import { Alert, Button, Checkbox, Steps, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { isApiError, type ApiError } from '../../api';
import { useI18n } from '../../i18n/context';
import type { MessageKey } from '../../i18n/zh-CN';
import type { EnvironmentProblem, FaceAction } from '../../../../src/face/types';
import { CameraError, grabFrame, openCamera, reloadIfCameraForbidden, stopCamera, toFrame, type CameraProblem } from './camera';
import type { FaceChallenge, FaceFrame } from './faceApi';
import { environmentProblems, progress, target, type GuideFace, type GuideReading } from './guide';
import { loadHuman, readCanvas } from './human';
import './face.css';

export interface FaceCaptureProps {
  /** What the face is for, in the consent text: 实名认证, 找回密码, or 养老待遇资格认证. */
  purpose: 'realName' | 'recovery' | 'pension';
  /** Starts an attempt once the environment is fit (the consent was given on the first step). */
  start: () => Promise<FaceChallenge>;
  /** Sends the frames; resolves when the server passed them, throws its ApiError otherwise. */
  submit: (nonce: string, frames: FaceFrame[]) => Promise<void>;
  /** The ways without a face (links), shown beside the consent and with every failure. */
  alternatives: ReactNode;
  /** What 完成 shows besides the words (the way on: a button or a link). */
  done?: ReactNode;
}

const WHY: Record<FaceCaptureProps['purpose'], MessageKey> = {
  realName: 'face.consent.why.realName',
  recovery: 'face.consent.why.recovery',
  pension: 'face.consent.why.pension',
};

type Phase = 'consent' | 'check' | 'capture' | 'sending' | 'done' | 'failed';
const STEP_OF: Record<Phase, number> = { consent: 0, check: 1, capture: 2, sending: 2, done: 3, failed: 3 };

/** Readings in a row without a problem before 开始拍摄 is offered. */
const STEADY_READINGS = 3;
/** Readings looked at for the neutral frame at least; the one nearest the resting pose is kept. */
const NEUTRAL_READINGS = 5;
/** Degrees (yaw + pitch) from the resting pose within which a frame can be the neutral one. */
const NEUTRAL_DEGREES = 4;
/** Readings of 环境检测 whose median pose is the person's resting pose (not everyone faces the camera at 0°). */
const REST_READINGS = 15;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : 0;
};
/** Seconds each action may take (the countdown), and readings without a further gain after it is seen done. */
const ACTION_SECONDS = 15;
const AFTER_DONE_READINGS = 2;

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/** Says `text` aloud in the page's language, where the browser has a voice for it. */
function speak(text: string, lang: string): void {
  const synth = typeof speechSynthesis === 'undefined' ? null : speechSynthesis;
  if (!synth) return;
  const prefix = lang.slice(0, 2);
  const voice = synth.getVoices().find((v) => v.lang.replace('_', '-') === lang) ?? synth.getVoices().find((v) => v.lang.startsWith(prefix));
  if (!voice) return;
  synth.cancel();
  const u = new SpeechSynthesisUtterance(text);
  u.voice = voice;
  u.lang = voice.lang;
  u.rate = 0.9;
  synth.speak(u);
}

interface Kept {
  canvas: HTMLCanvasElement;
  face: GuideFace;
  at: number;
  value: number;
}

export function FaceCapture({ purpose, start, submit, alternatives, done }: FaceCaptureProps) {
  const { t, lang } = useI18n();
  const [phase, setPhase] = useState<Phase>('consent');
  const [agreed, setAgreed] = useState(false);
  const [cameraProblem, setCameraProblem] = useState<CameraProblem | null>(null);
  const [loadingWhat, setLoadingWhat] = useState<'camera' | 'model' | null>(null);
  const [problems, setProblems] = useState<EnvironmentProblem[] | null>(null);
  const [ready, setReady] = useState(false);
  const [box, setBox] = useState<{ face: GuideFace['box']; width: number; height: number; ok: boolean } | null>(null);
  const [prompt, setPrompt] = useState<{ step: number; action: FaceAction | null; seen: boolean } | null>(null);
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [totalSteps, setTotalSteps] = useState(0);
  const videoRef = useRef<HTMLVideoElement>(null);
  const streamRef = useRef<MediaStream | null>(null);
  /** Bumped to stop the running loop (a new phase, unmount). */
  const runRef = useRef(0);
  /** The poses 环境检测 saw last: their median is the person's resting pose. */
  const posesRef = useRef<{ yaw: number; pitch: number }[]>([]);

  const stop = useCallback(() => {
    runRef.current += 1;
    stopCamera(streamRef.current);
    streamRef.current = null;
    if (typeof speechSynthesis !== 'undefined') speechSynthesis.cancel();
  }, []);
  useEffect(() => stop, [stop]);

  /** The video's current frame, read by Human. */
  const read = useCallback(async (canvas?: HTMLCanvasElement): Promise<{ canvas: HTMLCanvasElement; reading: GuideReading }> => {
    const human = await loadHuman();
    const c = grabFrame(videoRef.current!, canvas);
    const reading = await readCanvas(human, c);
    const face = reading.faces[0];
    setBox(face && reading.faces.length === 1 ? { face: face.box, width: reading.width, height: reading.height, ok: environmentProblems(reading).length === 0 } : null);
    return { canvas: c, reading };
  }, []);

  /** 环境检测: the camera, the model, then a reading per video frame until the phase changes. */
  const check = useCallback(async () => {
    const run = ++runRef.current;
    setPhase('check');
    setFailure(null);
    setCameraProblem(null);
    setProblems(null);
    setReady(false);
    setBox(null);
    posesRef.current = [];
    if (reloadIfCameraForbidden()) return;
    // Chromium lists its voices only after being asked once: ask now, speak later.
    if (typeof speechSynthesis !== 'undefined') speechSynthesis.getVoices();
    try {
      if (!streamRef.current) {
        setLoadingWhat('camera');
        streamRef.current = await openCamera();
      }
      // The video element comes with the phase's render.
      while (!videoRef.current && run === runRef.current) await nextFrame();
      if (run !== runRef.current) return;
      const video = videoRef.current!;
      video.srcObject = streamRef.current;
      await video.play().catch(() => undefined);
      while (!video.videoWidth && run === runRef.current) await nextFrame();
      setLoadingWhat('model');
      await loadHuman();
    } catch (err) {
      if (run !== runRef.current) return;
      setLoadingWhat(null);
      if (err instanceof CameraError) setCameraProblem(err.problem);
      else setCameraProblem('failed');
      stopCamera(streamRef.current);
      streamRef.current = null;
      return;
    }
    setLoadingWhat(null);
    let steady = 0;
    const canvas = document.createElement('canvas');
    while (run === runRef.current) {
      const { reading } = await read(canvas);
      if (run !== runRef.current) return;
      const found = environmentProblems(reading);
      if (found.length === 0) posesRef.current = [...posesRef.current, { yaw: reading.faces[0]!.yaw, pitch: reading.faces[0]!.pitch }].slice(-REST_READINGS);
      setProblems(found);
      steady = found.length === 0 ? steady + 1 : 0;
      setReady(steady >= STEADY_READINGS);
      await nextFrame();
    }
  }, [read]);

  /** 拍摄认证照片: the challenge, the neutral frame, each action; then the frames go to the server. */
  const capture = useCallback(async () => {
    const run = ++runRef.current;
    setPhase('capture');
    setPrompt(null);
    setSecondsLeft(null);
    let challenge: FaceChallenge;
    try {
      challenge = await start();
    } catch (err) {
      if (!isApiError(err)) throw err;
      stop();
      setFailure(err);
      setPhase('failed');
      return;
    }
    if (run !== runRef.current) return;
    const shownAt = performance.now();
    const since = () => performance.now() - shownAt;
    const { actions, maxFrames } = challenge;
    setTotalSteps(actions.length);
    // Step 0: the neutral frame, facing the screen — the reading nearest the resting pose 环境检测 saw
    // (a head already turned when the capture starts would make the first turn look undone).
    setPrompt({ step: 0, action: null, seen: false });
    speak(t('face.capture.neutral'), lang);
    const rest = { yaw: median(posesRef.current.map((p) => p.yaw)), pitch: median(posesRef.current.map((p) => p.pitch)) };
    let neutral: Kept | null = null;
    // Every step sends a frame (the server wants one for each): without a face, the last one taken.
    let lastAny: { canvas: HTMLCanvasElement; at: number } | null = null;
    for (let n = 0; n < NEUTRAL_READINGS || !neutral || -neutral.value > NEUTRAL_DEGREES; n++) {
      const { canvas, reading } = await read();
      if (run !== runRef.current) return;
      lastAny = { canvas, at: since() };
      const face = reading.faces.length === 1 ? reading.faces[0]! : null;
      const value = face ? -(Math.abs(face.yaw - rest.yaw) + Math.abs(face.pitch - rest.pitch)) : -Infinity;
      if (face && (!neutral || value > neutral.value)) neutral = { canvas, face, at: lastAny.at, value };
      if (n > NEUTRAL_READINGS * 20) break; // no face for long: send what there is, the server says why
      await nextFrame();
    }
    const frames: { step: number; canvas: HTMLCanvasElement; at: number }[] = [];
    frames.push({ step: 0, ...(neutral ?? lastAny!) });
    // Each action: the frame furthest along its direction; a second, half-way one when frames allow.
    const second = maxFrames - 1 >= actions.length * 2;
    for (let k = 0; k < actions.length; k++) {
      const action = actions[k]!;
      const step = k + 1;
      setPrompt({ step, action, seen: false });
      speak(t(`face.action.${action}` as MessageKey), lang);
      const until = performance.now() + ACTION_SECONDS * 1000;
      let best: Kept | null = null;
      let half: Kept | null = null;
      let after = -1;
      while (performance.now() < until && after < AFTER_DONE_READINGS) {
        setSecondsLeft(Math.max(1, Math.ceil((until - performance.now()) / 1000)));
        const { canvas, reading } = await read();
        if (run !== runRef.current) return;
        lastAny = { canvas, at: since() };
        const face = reading.faces.length === 1 ? reading.faces[0]! : null;
        if (face) {
          const value = neutral ? progress(action, face, neutral.face) : 0;
          const kept = { canvas, face, at: lastAny.at, value };
          const better = !best || value > best.value;
          if (better) best = kept;
          if (!half && value >= target(action) / 2 && value < target(action)) half = kept;
          if (after < 0 && value >= target(action)) {
            after = 0;
            setPrompt({ step, action, seen: true });
          } else if (after >= 0) after = better ? 0 : after + 1; // on until the motion stops growing
        }
        await nextFrame();
      }
      const chosen = best ?? lastAny!;
      if (second && half && half !== best) frames.push({ step, canvas: half.canvas, at: half.at });
      frames.push({ step, canvas: chosen.canvas, at: chosen.at });
    }
    if (run !== runRef.current) return;
    setPrompt(null);
    setSecondsLeft(null);
    setPhase('sending');
    stopCamera(streamRef.current);
    streamRef.current = null;
    try {
      // In the order they were taken, at most maxFrames.
      const sorted = frames.sort((a, b) => a.at - b.at).slice(0, maxFrames);
      const payload = await Promise.all(sorted.map((f) => toFrame(f.canvas, f.step, f.at)));
      await submit(challenge.nonce, payload);
      if (run !== runRef.current) return;
      setPhase('done');
      speak(t('face.done'), lang);
    } catch (err) {
      if (!isApiError(err)) throw err;
      if (run !== runRef.current) return;
      setFailure(err);
      setPhase('failed');
      speak(err.message, lang);
    }
  }, [start, submit, read, stop, t, lang]);

  const retry = () => {
    void check();
  };

  const steps = [t('face.step.consent'), t('face.step.check'), t('face.step.capture'), t('face.step.done')];
  const cameraShown = phase === 'check' || phase === 'capture';
  const mirrored = box && {
    left: `${(1 - (box.face[0] + box.face[2]) / box.width) * 100}%`,
    top: `${(box.face[1] / box.height) * 100}%`,
    width: `${(box.face[2] / box.width) * 100}%`,
    height: `${(box.face[3] / box.height) * 100}%`,
  };

  return (
    <div className="sf-face" data-testid="face-capture">
      <Steps className="sf-face-steps" size="small" responsive={false} titlePlacement="vertical" current={STEP_OF[phase]} status={phase === 'failed' ? 'error' : phase === 'done' ? 'finish' : 'process'} items={steps.map((title) => ({ title }))} />

      {phase === 'consent' && (
        <section data-testid="face-consent">
          <Typography.Title level={3}>{t('face.consent.title')}</Typography.Title>
          <ul className="sf-face-consent-list">
            <li>
              <strong>{t('face.consent.whatLabel')}</strong>
              {t('face.consent.what')}
            </li>
            <li>
              <strong>{t('face.consent.whyLabel')}</strong>
              {t(WHY[purpose])}
            </li>
            <li>
              <strong>{t('face.consent.keptLabel')}</strong>
              {t('face.consent.kept')}
            </li>
            <li>
              <strong>{t('face.consent.refuseLabel')}</strong>
              {t('face.consent.refuse')}
            </li>
          </ul>
          <Checkbox className="sf-face-agree" checked={agreed} onChange={(e) => setAgreed(e.target.checked)} data-testid="face-consent-agree">
            {t('face.consent.agree')}
          </Checkbox>
          <Button type="primary" size="large" block disabled={!agreed} onClick={() => void check()} data-testid="face-consent-start">
            {t('face.consent.start')}
          </Button>
        </section>
      )}

      {cameraShown && (
        <section data-testid={phase === 'check' ? 'face-env' : 'face-shooting'}>
          {phase === 'check' && (
            <ul className="sf-face-tips" data-testid="face-env-tips">
              <li>{t('face.tip.background')}</li>
              <li>{t('face.tip.distance')}</li>
              <li>{t('face.tip.light')}</li>
              <li>{t('face.tip.cover')}</li>
            </ul>
          )}
          {cameraProblem ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              data-testid="face-camera-error"
              title={t(`face.camera.${cameraProblem}` as MessageKey)}
              action={
                <Button size="large" onClick={retry} data-testid="face-camera-retry">
                  {t('face.recheck')}
                </Button>
              }
            />
          ) : (
            <div className="sf-face-stage">
              <video ref={videoRef} className="sf-face-video" playsInline muted autoPlay aria-label={t('face.video')} />
              {mirrored && <div className={`sf-face-box${box.ok ? ' sf-face-box-ok' : ''}`} style={mirrored} data-testid={box.ok ? 'face-box-ok' : 'face-box'} />}
              {phase === 'capture' && prompt?.action && <ActionFigure action={prompt.action} />}
            </div>
          )}
          {phase === 'check' && !cameraProblem && (
            <EnvironmentStatus loading={loadingWhat} problems={problems} ready={ready} />
          )}
          {phase === 'check' && !cameraProblem && (
            <Button type="primary" size="large" block disabled={!ready} onClick={() => void capture()} data-testid="face-start-capture">
              {t('face.startCapture')}
            </Button>
          )}
          {phase === 'capture' && (
            <div className="sf-face-prompt" role="status" aria-live="assertive" data-testid="face-prompt" data-action={prompt?.action ?? undefined}>
              {prompt === null
                ? t('face.capture.starting')
                : prompt.action === null
                  ? t('face.capture.neutral')
                  : `${t('face.capture.stepOf', { step: prompt.step, total: totalSteps })} ${t(`face.action.${prompt.action}` as MessageKey)}`}
              {prompt?.seen && <span className="sf-face-seen"> ✓</span>}
            </div>
          )}
          {phase === 'capture' && secondsLeft !== null && (
            <div className="sf-face-countdown" data-testid="face-countdown">
              {t('face.capture.countdown', { seconds: secondsLeft })}
            </div>
          )}
        </section>
      )}

      {phase === 'sending' && (
        <Alert type="info" showIcon role="status" data-testid="face-sending" title={t('face.sending')} />
      )}

      {phase === 'done' && (
        <section data-testid="face-done">
          <Alert type="success" showIcon role="status" title={t('face.done')} />
          {done}
        </section>
      )}

      {phase === 'failed' && failure && (
        <section>
          <Alert type="error" showIcon role="alert" data-testid="face-failed" title={failure.message} />
          {failure.problems.length > 0 && (
            <ul className="sf-face-tips" data-testid="face-failed-problems">
              {failure.problems.map((p) => (
                <li key={p}>{problemText(t, p)}</li>
              ))}
            </ul>
          )}
          {!isApiError(failure, 'face.too_many_attempts') && (
            <Button type="primary" size="large" block onClick={retry} data-testid="face-retry">
              {t('face.retry')}
            </Button>
          )}
        </section>
      )}

      {phase !== 'done' && (
        <aside className="sf-face-alternatives" data-testid="face-alternatives">
          <Typography.Text strong>{t('face.alternatives')}</Typography.Text> {alternatives}
        </aside>
      )}
    </div>
  );
}

type T = ReturnType<typeof useI18n>['t'];

function problemText(t: T, problem: string): string {
  const key = `face.problem.${problem}` as MessageKey;
  return t(key) || t('face.problem.no_face');
}

function EnvironmentStatus({ loading, problems, ready }: { loading: 'camera' | 'model' | null; problems: EnvironmentProblem[] | null; ready: boolean }) {
  const { t } = useI18n();
  if (loading || problems === null) {
    return <Alert type="info" showIcon role="status" data-testid="face-env-loading" title={t(loading === 'camera' || !loading ? 'face.loading.camera' : 'face.loading.model')} />;
  }
  if (ready) return <Alert type="success" showIcon role="status" data-testid="face-env-ok" title={t('face.env.ok')} />;
  if (problems.length === 0) return <Alert type="info" showIcon role="status" data-testid="face-env-checking" title={t('face.env.checking')} />;
  return (
    <Alert
      type="warning"
      showIcon
      role="status"
      data-testid="face-env-status"
      data-problems={problems.join(' ')}
      title={
        <ul className="sf-face-problems">
          {problems.map((p) => (
            <li key={p} data-testid={`face-env-problem-${p}`}>
              {problemText(t, p)}
            </li>
          ))}
        </ul>
      }
    />
  );
}

/** A small head that shows the action (CSS animation, web/src/pages/face/face.css). */
function ActionFigure({ action }: { action: FaceAction }) {
  return (
    <div className={`sf-face-figure sf-face-figure-${action}`} aria-hidden>
      <div className="sf-face-figure-head">
        <span className="sf-face-figure-eye sf-face-figure-eye-l" />
        <span className="sf-face-figure-eye sf-face-figure-eye-r" />
        <span className="sf-face-figure-mouth" />
      </div>
    </div>
  );
}

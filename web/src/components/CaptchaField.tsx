// The captcha form item: a text input beside the flow's picture (click it, or 看不清？换一张, for a
// new one), its proof of work solved in the background (web/src/lib/pow.ts), and 无法看清图片？ —
// the accessible captcha for people who cannot see the picture: no picture, no typing, a costlier
// proof of work that the page solves and announces (docs/captcha.md).
import { Button, Form, Input } from 'antd';
import { useEffect, useState } from 'react';
import { accessibleCaptcha, newCaptcha } from '../endpoints';
import { useI18n } from '../i18n/context';
import { solvePow } from '../lib/pow';

interface Props {
  flowId: string;
  /** Bump to get a new captcha (answers are single use). */
  nonce: number;
  onRefresh: () => void;
  /** The first picture, when the flow brought it inline (a data: URI); later ones are fetched. */
  src?: string | null;
  /** Prefix of the ids and data-testid hooks: `${testId}-captcha`, `${testId}-captcha-img`, `${testId}-captcha-refresh`. */
  testId: string;
}

type Accessible = 'off' | 'working' | 'done' | 'failed';

export function CaptchaField({ flowId, nonce, onRefresh, testId, src }: Props) {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  const [picture, setPicture] = useState<string | null>(src ?? null);
  const [failure, setFailure] = useState<string | null>(null);
  const [accessible, setAccessible] = useState<Accessible>('off');
  const on = accessible !== 'off';
  const inputId = `${testId}-captcha-input`;

  // A new captcha whenever the page asks (nonce), the flow changes, or the kind of captcha does.
  useEffect(() => {
    let live = true;
    setFailure(null);
    if (on) {
      setAccessible('working');
      form.setFieldValue('captcha', '');
      accessibleCaptcha(flowId)
        .then((r) => solvePow(r.pow))
        .then((answer) => {
          if (!live) return;
          // The accessible captcha has no text: its answer stands in the captcha field, and the request carries it as `pow` too.
          form.setFields([{ name: 'captcha', value: answer, errors: [] }]);
          setAccessible('done');
        })
        .catch((err: unknown) => {
          if (!live) return;
          setAccessible('failed');
          setFailure(err instanceof Error ? err.message : t('captcha.loadFailed'));
        });
    } else if (src) {
      setPicture(src);
    } else {
      newCaptcha(flowId)
        .then((r) => live && setPicture(r.captcha))
        .catch((err: unknown) => live && setFailure(err instanceof Error ? err.message : t('captcha.loadFailed')));
    }
    return () => {
      live = false;
    };
    // Not on `accessible` itself: it changes inside (working → done); only switching on or off makes a new captcha.
  }, [flowId, nonce, src, on]);

  const switchTo = (next: boolean) => {
    form.setFields([{ name: 'captcha', value: '', errors: [] }]);
    setAccessible(next ? 'working' : 'off');
    if (!next) onRefresh();
  };

  return (
    <div className="sf-captcha">
      {/* The label sits above the row so the input and the picture line up at the top. */}
      <label className="sf-captcha-label" htmlFor={on ? undefined : inputId} id={`${testId}-captcha-label`}>
        {on ? t('captcha.accessibleLabel') : t('captcha.label')}
      </label>
      <div className="sf-captcha-row" hidden={on}>
        <Form.Item
          name="captcha"
          className="sf-captcha-input"
          rules={[{ required: true, whitespace: true, message: on ? t('captcha.accessibleWait') : t('captcha.required') }]}
        >
          <Input
            id={inputId}
            data-testid={`${testId}-captcha`}
            placeholder={t('captcha.placeholder')}
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            maxLength={16}
          />
        </Form.Item>
        <button type="button" className="sf-captcha-image" onClick={onRefresh} title={t('captcha.refresh')}>
          {picture && <img data-testid={`${testId}-captcha-img`} src={picture} alt={t('captcha.alt')} width={180} height={60} />}
        </button>
      </div>
      {on && (
        <>
          {/* Announced as it changes: working, done, or why it failed. */}
          <div className="sf-captcha-status" role="status" aria-live="polite" data-testid={`${testId}-captcha-status`}>
            {accessible === 'working' && t('captcha.accessibleWorking')}
            {accessible === 'done' && t('captcha.accessibleDone')}
            {accessible === 'failed' && failure}
          </div>
          {/* The form's own message for the captcha field (e.g. 'not finished yet', or the server's refusal). */}
          <Form.Item noStyle shouldUpdate>
            {() => {
              const errors = form.getFieldError('captcha');
              return errors.length > 0 ? (
                <div className="sf-captcha-error" role="alert">
                  {errors.join(' ')}
                </div>
              ) : null;
            }}
          </Form.Item>
        </>
      )}
      {!on && failure && (
        <div className="sf-captcha-error" role="alert">
          {failure}
        </div>
      )}
      <div className="sf-captcha-links">
        {!on && (
          <Button type="link" className="sf-captcha-refresh" data-testid={`${testId}-captcha-refresh`} onClick={onRefresh}>
            {t('captcha.refresh')}
          </Button>
        )}
        <Button type="link" className="sf-captcha-refresh" data-testid={`${testId}-captcha-accessible`} onClick={() => switchTo(!on)}>
          {on ? t('captcha.useImage') : t('captcha.accessible')}
        </Button>
      </div>
    </div>
  );
}

/**
 * The SMS half of a phone form on a stored flow (短信登录, 手机号注册): '获取短信验证码' checks the
 * phone and picture code, asks the server, says where the code went, and uses the picture code up
 * whatever the answer; a refused step shows its error above the form and under its field, and a
 * flow that is gone starts again.
 */
import type { FormInstance } from 'antd';
import { useState } from 'react';
import type { SentCode } from '../../../src/shared/api/common';
import { isApiError, type ApiError } from '../api';
import { applyFieldErrors } from './formErrors';

const FLOW_GONE = ['flow.expired', 'flow.not_found', 'flow.wrong_state'];

/** What the form reads of the server's SentCode. */
export type SentCodeInfo = Pick<SentCode, 'resendAfterSeconds' | 'maskedPhone'>;

interface Options {
  form: FormInstance;
  /** The form's fields an error may belong to. */
  fields: readonly string[];
  /** Asks for the code (the phone is trimmed). */
  request: (body: { phone: string; captcha: string }) => Promise<{ sent: SentCodeInfo }>;
  /** The line shown once the code is asked for. */
  sentInfo: (sent: SentCodeInfo) => string;
  refreshCaptcha: () => void;
  restart: () => Promise<void>;
}

export function usePhoneCodeSend({ form, fields, request, sentInfo, refreshCaptcha, restart }: Options) {
  const [error, setError] = useState<ApiError | null>(null);
  const [info, setInfo] = useState<string | null>(null);

  /** Shows a refused step; rethrows what is not an API error. */
  const failed = async (err: unknown) => {
    if (!isApiError(err)) throw err;
    setInfo(null);
    setError(err);
    applyFieldErrors(form, err, fields);
    if (FLOW_GONE.includes(err.code)) await restart();
  };

  /** For SmsCodeField's onSend: the seconds until the next send, or null when nothing was sent. */
  const send = async (): Promise<number | null> => {
    setError(null);
    let values: { phone: string; captcha: string };
    try {
      values = await form.validateFields(['phone', 'captcha']);
    } catch {
      return null; // The form shows what is missing.
    }
    try {
      const { sent } = await request({ phone: values.phone.trim(), captcha: values.captcha });
      setInfo(sentInfo(sent));
      return sent.resendAfterSeconds;
    } catch (err) {
      await failed(err);
      return null;
    } finally {
      // The captcha answer is used up once it reached the server, whatever the answer.
      form.setFieldValue('captcha', '');
      refreshCaptcha();
    }
  };

  return { error, setError, info, failed, send };
}

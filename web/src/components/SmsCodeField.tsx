// The SMS-code form item: the code input beside '获取短信验证码', which counts down '60秒后重新获取' after a send.
import { Button, Form, Input } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/context';
import '../selfService.css';

interface Props {
  /** Asks the server for a code; resolves to the seconds before the next may be asked, or null if it failed (the caller shows why). */
  onSend: () => Promise<number | null>;
  /** Prefix of the data-testid hooks: `${testId}-sms-code`, `${testId}-sms-send`. */
  testId: string;
  disabled?: boolean;
  /** Seconds to count down from at once (a code was just sent by the step before). */
  initialWait?: number;
}

export function SmsCodeField({ onSend, testId, disabled, initialWait = 0 }: Props) {
  const { t } = useI18n();
  const [left, setLeft] = useState(initialWait);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    if (left <= 0) return;
    const timer = setTimeout(() => setLeft((n) => n - 1), 1000);
    return () => clearTimeout(timer);
  }, [left]);

  const send = async () => {
    setSending(true);
    try {
      const wait = await onSend();
      if (wait) setLeft(wait);
    } finally {
      setSending(false);
    }
  };

  return (
    <Form.Item label={t('sms.code')} required={false} className="sf-sms-code">
      <div className="sf-captcha-row">
        <Form.Item name="code" noStyle rules={[{ required: true, whitespace: true, message: t('sms.code.required') }]}>
          <Input
            data-testid={`${testId}-sms-code`}
            placeholder={t('sms.code.placeholder')}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            aria-label={t('sms.code')}
          />
        </Form.Item>
        <Button size="large" data-testid={`${testId}-sms-send`} disabled={disabled || left > 0} loading={sending} onClick={() => void send()}>
          {left > 0 ? t('sms.resend', { seconds: left }) : t('sms.send')}
        </Button>
      </div>
    </Form.Item>
  );
}

// The image-captcha form item: a text input beside the flow's SVG picture; click it (or the link) for a new one.
import { Button, Form, Input } from 'antd';
import { captchaUrl } from '../endpoints';
import { useI18n } from '../i18n/context';

interface Props {
  flowId: string;
  /** Bump to load a new picture (answers are single use). */
  nonce: number;
  onRefresh: () => void;
  /** The first picture, when the flow brought it inline (a data: URI); later ones are fetched. */
  src?: string | null;
  /** Prefix of the ids and data-testid hooks: `${testId}-captcha`, `${testId}-captcha-img`, `${testId}-captcha-refresh`. */
  testId: string;
}

export function CaptchaField({ flowId, nonce, onRefresh, testId, src }: Props) {
  const { t } = useI18n();
  const inputId = `${testId}-captcha-input`;
  return (
    <div className="sf-captcha">
      {/* The label sits above the row so the input and the picture line up at the top. */}
      <label className="sf-captcha-label" htmlFor={inputId}>
        {t('captcha.label')}
      </label>
      <div className="sf-captcha-row">
        <Form.Item name="captcha" className="sf-captcha-input" rules={[{ required: true, whitespace: true, message: t('captcha.required') }]}>
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
          <img data-testid={`${testId}-captcha-img`} src={src ?? captchaUrl(flowId, nonce)} alt={t('captcha.alt')} width={150} height={50} />
        </button>
      </div>
      <Button type="link" className="sf-captcha-refresh" data-testid={`${testId}-captcha-refresh`} onClick={onRefresh}>
        {t('captcha.refresh')}
      </Button>
    </div>
  );
}

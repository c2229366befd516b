// 忘记密码 · 验证身份 · 刷脸认证找回 (seed 000, the first of its ways; issue 13): on the capture page
// /login/forgot-password/face, after the account step — 姓名 + 证件号码, then the FaceCapture; a pass
// moves the flow to its reset step (the page shows 重置密码). The server answers alike whether or not
// the name and number are the account's (a mismatch fails later as a no-match).
import { Button, Form, Input, Typography } from 'antd';
import { useCallback, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/context';
import type { RecoveryFlow } from '../../selfServiceEndpoints';
import type { SelfServiceFlow } from '../recovery/useSelfServiceFlow';
import { FaceCapture } from './FaceCapture';
import { startRecoveryFace, submitRecoveryFace, type FaceFrame } from './faceApi';

interface Identity {
  name: string;
  idNumber: string;
}

export function RecoveryFaceVerify({ rec, back }: { rec: SelfServiceFlow<RecoveryFlow>; back: ReactNode }) {
  const { t } = useI18n();
  const [identity, setIdentity] = useState<Identity | null>(null);
  const flowId = rec.flow!.id;
  const start = useCallback(async () => (await startRecoveryFace(flowId, identity!)).face, [flowId, identity]);
  const submit = useCallback(
    async (nonce: string, frames: FaceFrame[]) => {
      const err = await rec.run((id) => submitRecoveryFace(id, nonce, frames));
      if (err) {
        // FaceCapture shows it, with 重新认证 and the other ways.
        rec.setError(null);
        throw err;
      }
    },
    [rec],
  );
  const others = (
    <Link to="/login/forgot-password" data-testid="face-other-ways">
      {t('face.recovery.others')}
    </Link>
  );

  if (!identity) {
    return (
      <Form<Identity>
        name="recoveryFace"
        layout="vertical"
        size="large"
        requiredMark={false}
        onFinish={(v) => setIdentity({ name: v.name.trim(), idNumber: v.idNumber.trim() })}
        data-testid="recovery-face"
      >
        <Typography.Paragraph>{t('face.recovery.intro')}</Typography.Paragraph>
        <Form.Item name="name" label={t('face.recovery.name')} rules={[{ required: true, whitespace: true, message: t('face.recovery.name.required') }]}>
          <Input data-testid="recovery-face-name" maxLength={50} autoComplete="name" />
        </Form.Item>
        <Form.Item name="idNumber" label={t('face.recovery.idNumber')} rules={[{ required: true, whitespace: true, message: t('face.recovery.idNumber.required') }]}>
          <Input data-testid="recovery-face-id-number" maxLength={32} autoComplete="off" />
        </Form.Item>
        <div className="sf-step-buttons">
          {back}
          <Button type="primary" htmlType="submit" size="large" data-testid="recovery-face-next">
            {t('face.recovery.next')}
          </Button>
        </div>
        <p className="sf-card-links">{others}</p>
      </Form>
    );
  }
  return <FaceCapture purpose="recovery" start={start} submit={submit} alternatives={others} />;
}

// /account/real-name/face: 人脸识别认证 (seed 002 §2.9.1; issue 13) — the FaceCapture against the
// reference photo of the person's registered identity. A capture page: served with camera=(self)
// (src/shared/capture-pages.ts), so the real-name list reaches it by a full page load.
import { Button, Card } from 'antd';
import { useCallback } from 'react';
import { Link, useNavigate, useOutletContext } from 'react-router-dom';
import { useI18n } from '../../i18n/context';
import type { AccountOutlet } from '../account/AccountLayout';
import { FaceCapture } from './FaceCapture';
import { startRealNameFace, submitRealNameFace, type FaceFrame } from './faceApi';
import { PageHeading } from '../../components/PageHeading';

export function RealNameFacePage() {
  const { t } = useI18n();
  const { reloadSession } = useOutletContext<AccountOutlet>();
  const navigate = useNavigate();
  const submit = useCallback(
    async (nonce: string, frames: FaceFrame[]) => {
      await submitRealNameFace(nonce, frames);
      reloadSession();
    },
    [reloadSession],
  );
  return (
    <Card title={<PageHeading>{t('face.realName.title')}</PageHeading>} className="sf-panel" data-testid="realname-face">
      <FaceCapture
        purpose="realName"
        start={startRealNameFace}
        submit={submit}
        alternatives={
          <Link to="/account/real-name" data-testid="face-other-ways">
            {t('face.realName.others')}
          </Link>
        }
        done={
          <Button type="primary" size="large" block onClick={() => navigate('/account/real-name')} data-testid="face-done-back">
            {t('face.realName.back')}
          </Button>
        }
      />
    </Card>
  );
}

// /pension/certify: 人脸认证 (seed 003 三(三)–(六)) — FaceCapture with purpose 'pension' (环境检测 >
// 拍摄认证照片 > 完成), compared on the server with the registry's 建模照片; then the success notice with
// the next due date, or the seed's failure message with 重新认证 and the other channels. A capture page
// (src/shared/capture-pages.ts): reached by a full page load from the 注意事项 dialog.
import { Button } from 'antd';
import { useCallback, useState } from 'react';
import { Link, useNavigate, useOutletContext } from 'react-router-dom';
import { useI18n } from '../../i18n/context';
import { FaceCapture } from '../face/FaceCapture';
import type { FaceFrame } from '../face/faceApi';
import { OtherChannels } from './Channels';
import { pensionDate } from './format';
import { CannotCertify } from './PensionCenterPage';
import { SignedOutNotice, type PensionOutlet } from './PensionLayout';
import { startPensionCapture, submitPensionCertification } from './pensionApi';
import { usePensionText } from './text';
import { PageHeading } from '../../components/PageHeading';

export function PensionCertifyPage() {
  const { lang } = useI18n();
  const { p } = usePensionText();
  const navigate = useNavigate();
  const { retiree, reload } = useOutletContext<PensionOutlet>();
  const [nextDueAt, setNextDueAt] = useState<string | null>(null);
  const submit = useCallback(
    async (nonce: string, frames: FaceFrame[]) => {
      const certified = await submitPensionCertification(nonce, frames);
      setNextDueAt(certified.nextDueAt);
    },
    [],
  );
  if (!retiree) return <SignedOutNotice />;
  const blocked = !retiree.eligible || retiree.attemptsLeftToday === 0;
  return (
    <section className="sf-pension-card" data-testid="pension-certify">
      <PageHeading look="plain" className="sf-pension-title">{p('certify.title')}</PageHeading>
      {blocked ? (
        <CannotCertify retiree={retiree} />
      ) : (
        <FaceCapture
          purpose="pension"
          start={startPensionCapture}
          submit={submit}
          alternatives={<OtherChannels title={false} />}
          done={
            <div className="sf-pension-passed" data-testid="pension-passed">
              <p className="sf-pension-lead">{p('certify.passed')}</p>
              {nextDueAt && (
                <p className="sf-pension-lead" data-testid="pension-next-due">
                  {p('certify.nextDue', { date: pensionDate(nextDueAt, lang) })}
                </p>
              )}
              <Button
                type="primary"
                size="large"
                block
                onClick={() => {
                  reload();
                  navigate('/pension/results');
                }}
                data-testid="pension-to-results"
              >
                {p('certify.toResults')}
              </Button>
              <p className="sf-card-links">
                <Link
                  to="/pension/center"
                  onClick={reload}
                  data-testid="pension-to-center"
                >
                  {p('certify.toCenter')}
                </Link>
              </p>
            </div>
          }
        />
      )}
    </section>
  );
}

// /register: the three-step wizard (填写登录信息 → 填写身份信息 → 阅读协议), always on the step the server's flow is in.
import { Alert, Button } from 'antd';
import { Navigate } from 'react-router-dom';
import { Loading } from '../../components/Loading';
import { ProblemResult } from '../../components/ProblemResult';
import { StepsPage } from '../../components/StepsPage';
import { useI18n } from '../../i18n/context';
import { useMeta } from '../../lib/useMeta';
import type { IdTypeOption, RegistrationState } from '../../types';
import { AgreementStep } from './AgreementStep';
import { BankVerificationStep } from './BankVerificationStep';
import { IdentityInfoStep } from './IdentityInfoStep';
import { LoginInfoStep } from './LoginInfoStep';
import { RegisterSuccess } from './RegisterSuccess';
import { useRegistrationFlow } from './useRegistrationFlow';

const STEP_OF: Record<RegistrationState, number> = { login_info: 0, identity_info: 1, agreement: 2, completed: 3 };

/** The documented ID types, used when /api/meta cannot be read; labels then come from our own strings. */
const FALLBACK_ID_TYPES: IdTypeOption[] = [
  'resident_id',
  'hmt_residence_permit',
  'hk_mo_travel_permit',
  'tw_travel_permit',
  'foreign_permanent_residence',
].map((value) => ({ value, label: '' }));

export function RegisterPage() {
  const { t } = useI18n();
  const reg = useRegistrationFlow();
  const { meta } = useMeta();
  const idTypes = meta?.idTypes.length ? meta.idTypes : FALLBACK_ID_TYPES;
  // The Shenzhen manner (seed 001): step 3 is 填写验证信息 with the bank check.
  const bankCheck = meta?.registration.check === 'bank4';
  const { flow } = reg;
  const state = flow?.state as RegistrationState | undefined;
  const restart = { label: t('common.restart'), onClick: () => void reg.restart() };
  // A deployment that offers only registration by phone (SHENFEN_REGISTRATION_STYLES=phone).
  if (meta && !(meta.registration.personStyles ?? ['username']).includes('username')) return <Navigate to="/register/phone" replace />;

  let body;
  if (reg.fatal) {
    body = <ProblemResult title={t('register.problem.title')} message={reg.fatal.message} action={restart} testId="register-problem" />;
  } else if (!flow) {
    body = <Loading />;
  } else if (state === 'login_info') {
    body = <LoginInfoStep key={flow.id} reg={reg} flowId={flow.id} />;
  } else if (state === 'identity_info') {
    body = <IdentityInfoStep reg={reg} idTypes={idTypes} />;
  } else if (state === 'agreement') {
    body = bankCheck ? <BankVerificationStep key={flow.id} reg={reg} idTypes={idTypes} /> : <AgreementStep reg={reg} idTypes={idTypes} />;
  } else if (state === 'completed') {
    body = <RegisterSuccess account={reg.account} />;
  } else {
    body = <ProblemResult title={t('register.problem.title')} action={restart} testId="register-problem" />;
  }

  return (
    <StepsPage
      title={t('register.title')}
      testId="register-steps"
      current={state ? STEP_OF[state] : 0}
      status={reg.fatal ? 'error' : state === 'completed' ? 'finish' : 'process'}
      steps={[t('register.step.loginInfo'), t('register.step.identityInfo'), t(bankCheck ? 'register.step.verification' : 'register.step.agreement'), t('register.step.done')]}
    >
      {reg.notice && (
        <Alert
          className="sf-form-alert"
          type="warning"
          showIcon
          role="alert"
          data-testid="register-notice"
          title={reg.notice.message}
          action={
            <Button data-testid="register-restart" onClick={restart.onClick}>
              {restart.label}
            </Button>
          }
        />
      )}
      {body}
    </StepsPage>
  );
}

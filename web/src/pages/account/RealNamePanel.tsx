// 实名认证: the current assurance level, large; the '我要升级' list of every method (seed 002 §2.9.1) with its page.
// Right after 手机号注册 (state `registered`), seed 002 §2.1 【第三步】: the 身份证实名认证 form at once, or on to 个人中心.
import { CheckCircleFilled } from '@ant-design/icons';
import { Alert, Button, Card, List, Steps, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useOutletContext, useSearchParams } from 'react-router-dom';
import { errorMessage, isErrorCode } from '../../../../src/shared/errors';
import { Loading } from '../../components/Loading';
import { useI18n } from '../../i18n/context';
import type { MessageKey } from '../../i18n/zh-CN';
import { ASSURANCE_LEVELS, type RealNameMethodStatus } from '../../types';
import type { AccountOutlet } from './AccountLayout';
import { IdCardVerification } from './IdCardVerification';
import { AlipayVerification } from './realname/AlipayVerification';
import { getRealNameDetail, getStaffStatus, type RealNameDetail } from './realname/api';
import { CounterInfo } from './realname/CounterInfo';
import { IdentityChange } from './realname/IdentityChange';
import { METHOD_FIELDS, SmsMethodVerification } from './realname/SmsMethodVerification';
import { PageHeading } from '../../components/PageHeading';

type PageProps = { onDone: () => void; onCancel: () => void };

/** The page of a method shown in this panel, by how it is done (face capture has a page of its own, see actionsOf). */
function pageOf(m: RealNameMethodStatus): ((props: PageProps) => React.ReactNode) | undefined {
  if (m.id === 'id_card') return IdCardVerification;
  if (m.kind === 'sms_form' && METHOD_FIELDS[m.id]) {
    return (props) => <SmsMethodVerification method={m.id} smsTo={m.smsTo ?? 'account_phone'} fields={METHOD_FIELDS[m.id]!} intro={`realName.intro.${m.id}` as MessageKey} {...props} />;
  }
  if (m.kind === 'redirect') return AlipayVerification;
  if (m.kind === 'counter') return CounterInfo;
  return undefined;
}

export function RealNamePanel() {
  const { t, lang } = useI18n();
  const { session, reloadSession } = useOutletContext<AccountOutlet>();
  const [params, setParams] = useSearchParams();
  const current = session.account.assuranceLevel;
  const rank = ASSURANCE_LEVELS.indexOf(current);
  const [detail, setDetail] = useState<RealNameDetail | null>(null);
  const locationState = useLocation().state as { registered?: unknown; open?: unknown } | null;
  const registered = locationState?.registered === true;
  // 个人信息's 修改 (seed 001: 在查看用户信息页面，点击“修改”按钮进入变更用户信息页面) opens 变更用户信息 here.
  const [open, setOpen] = useState<string | null>(locationState?.open === 'identity-change' ? 'identity-change' : null);
  const [staff, setStaff] = useState(false);
  const navigate = useNavigate();

  const load = useCallback(() => {
    getRealNameDetail().then(setDetail, () => setDetail({ assuranceLevel: current, methods: [] }));
  }, [current]);
  useEffect(load, [load]);
  useEffect(() => {
    getStaffStatus().then((s) => setStaff(s.staff), () => setStaff(false));
  }, []);
  // Back from Alipay: ?alipay=ok or ?alipay=<error code>.
  const alipay = params.get('alipay');
  useEffect(() => {
    if (alipay === 'ok') reloadSession();
  }, [alipay, reloadSession]);
  // Back to the business system that asked for a higher level (?return=, same-site paths only).
  const back = params.get('return');
  const returnTo = back && /^\/(?![/\\])[^\\]*$/.test(back) ? back : null;

  const methods = detail?.methods ?? [];
  const close = () => setOpen(null);
  const done = () => {
    setOpen(null);
    load();
    reloadSession();
  };

  if (registered) {
    const idCard = methods.find((m) => m.id === 'id_card');
    if (!detail) return <Loading />;
    if (idCard?.applicable && idCard.status !== 'verified') {
      const toAccount = () => navigate('/account', { replace: true });
      return (
        <Card title={<PageHeading>{t('realName.method.id_card')}</PageHeading>} className="sf-panel" data-testid="register-realname">
          <Steps className="sf-steps" current={1} items={[t('phoneRegister.step.info'), t('phoneRegister.step.realName'), t('phoneRegister.step.done')].map((title) => ({ title }))} />
          <Alert type="success" showIcon role="status" data-testid="register-realname-welcome" title={t('phoneRegister.success')} style={{ marginBottom: 16 }} />
          <IdCardVerification
            onDone={() => {
              reloadSession();
              toAccount();
            }}
            onCancel={toAccount}
            doneLabel={t('phoneRegister.toAccount')}
            cancelLabel={t('phoneRegister.skipRealName')}
          />
        </Card>
      );
    }
  }

  if (open === 'identity-change') {
    return (
      <Card title={<PageHeading>{t('realName.change.title')}</PageHeading>} className="sf-panel">
        <IdentityChange currentName={session.account.displayName} onDone={done} onCancel={close} />
      </Card>
    );
  }
  const openMethod = methods.find((m) => m.id === open);
  const OpenPage = openMethod ? pageOf(openMethod) : undefined;
  if (openMethod && OpenPage) {
    return (
      <Card title={<PageHeading>{t(`realName.method.${openMethod.id}` as MessageKey)}</PageHeading>} className="sf-panel">
        <OpenPage onCancel={close} onDone={done} />
      </Card>
    );
  }

  const actionsOf = (m: RealNameMethodStatus) => {
    if (m.status === 'verified') return [<Tag key="s" color="success">{t('realName.status.verified')}</Tag>];
    if (m.kind === 'coming_soon') return [<Tag key="s" color="default">{t('realName.comingSoon')}</Tag>];
    // 人脸识别认证 (kind 'capture'): its own page, by a full page load — the camera is allowed only in
    // the capture pages' documents (src/shared/capture-pages.ts).
    if ((m.kind as string) === 'capture' && m.applicable) {
      return [
        <Tag key="s">{t('realName.status.not_verified')}</Tag>,
        <Button key="go" type="primary" href={`/account/real-name/${encodeURIComponent(m.id)}`} data-testid={`realname-go-${m.id}`}>
          {t('realName.go')}
        </Button>,
      ];
    }
    if (!m.applicable || !pageOf(m)) return [<Tag key="s">{t('realName.notApplicable')}</Tag>];
    return [
      <Tag key="s">{m.kind === 'counter' ? t('realName.atCounter') : t('realName.status.not_verified')}</Tag>,
      <Button key="go" type="primary" data-testid={`realname-go-${m.id}`} onClick={() => setOpen(m.id)}>
        {t('realName.go')}
      </Button>,
    ];
  };

  return (
    <Card title={<PageHeading>{t('account.menu.realName')}</PageHeading>} className="sf-panel">
      {registered && <Alert type="success" showIcon role="status" data-testid="register-realname-welcome" title={t('phoneRegister.success')} style={{ marginBottom: 16 }} />}
      {alipay && (
        <Alert
          type={alipay === 'ok' ? 'success' : 'error'}
          showIcon
          closable
          role={alipay === 'ok' ? 'status' : 'alert'}
          data-testid="realname-alipay-result"
          title={alipay === 'ok' ? t('realName.alipay.ok') : errorMessage(isErrorCode(alipay) ? alipay : 'realname.alipay_failed', lang)}
          onClose={() => setParams({}, { replace: true })}
          style={{ marginBottom: 16 }}
        />
      )}
      {returnTo && (
        <Alert type="info" showIcon title={<a href={returnTo} data-testid="realname-return">{t('realName.returnToService')}</a>} style={{ marginBottom: 16 }} />
      )}
      <div className="sf-level" data-testid="assurance-level">
        <span className="sf-level-caption">{t('realName.current')}</span>
        <span className="sf-level-code">{current}</span>
        <span className="sf-level-name">{t(`level.${current}`)}</span>
      </div>
      {detail?.bankCardMasked && (
        <p data-testid="realname-bank-card">
          {t('realName.bankCard')}：{detail.bankCardMasked}
        </p>
      )}
      <Button size="large" onClick={() => setOpen('identity-change')} data-testid="realname-change-open" style={{ marginBottom: 16 }}>
        {t('realName.change.open')}
      </Button>
      <Typography.Title level={3}>{t('realName.upgrade')}</Typography.Title>
      <List
        className="sf-method-list"
        data-testid="realname-methods"
        loading={detail === null}
        dataSource={methods}
        renderItem={(m) => (
          <List.Item data-testid={`realname-method-${m.id}`} actions={actionsOf(m)}>
            <List.Item.Meta title={t(`realName.method.${m.id}` as MessageKey)} description={t('realName.methodLevel', { level: `${m.level} ${t(`level.${m.level}`)}` })} />
          </List.Item>
        )}
      />
      <Typography.Title level={3}>{t('realName.levels')}</Typography.Title>
      <ol className="sf-level-list" data-testid="assurance-levels">
        {ASSURANCE_LEVELS.map((level, i) => (
          <li key={level} className={i <= rank ? 'sf-level-reached' : undefined} aria-current={level === current ? 'step' : undefined}>
            <strong>{level}</strong> {t(`level.how.${level}`)}
            {i <= rank && (
              <Tag color="success" variant="solid" icon={<CheckCircleFilled aria-hidden />} className="sf-level-tag">
                {t('realName.reached')}
              </Tag>
            )}
          </li>
        ))}
      </ol>
      {staff && (
        <p>
          <Link to="/account/staff" data-testid="realname-staff-entry">
            {t('realName.staffEntry')}
          </Link>
        </p>
      )}
    </Card>
  );
}

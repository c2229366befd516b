// 实名认证: the current assurance level, large, and what reaches each of L1–L5 (upgrades come later).
import { CheckCircleFilled } from '@ant-design/icons';
import { Alert, Card, Tag, Typography } from 'antd';
import { useOutletContext } from 'react-router-dom';
import { useI18n } from '../../i18n/context';
import { ASSURANCE_LEVELS } from '../../types';
import type { AccountOutlet } from './AccountLayout';

export function RealNamePanel() {
  const { t } = useI18n();
  const { session } = useOutletContext<AccountOutlet>();
  const current = session.account.assuranceLevel;
  const rank = ASSURANCE_LEVELS.indexOf(current);

  return (
    <Card title={t('account.menu.realName')} className="sf-panel">
      <div className="sf-level" data-testid="assurance-level">
        <span className="sf-level-caption">{t('realName.current')}</span>
        <span className="sf-level-code">{current}</span>
        <span className="sf-level-name">{t(`level.${current}`)}</span>
      </div>
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
      <Alert type="info" showIcon title={t('realName.later')} />
    </Card>
  );
}

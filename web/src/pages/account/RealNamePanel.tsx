// 实名认证: the current assurance level, large, and what reaches each of L1–L5 (upgrades come later).
import { CheckCircleFilled } from '@ant-design/icons';
import { Alert, Button, Card, List, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useOutletContext } from 'react-router-dom';
import { getRealName } from '../../endpoints';
import { useI18n } from '../../i18n/context';
import type { MessageKey } from '../../i18n/zh-CN';
import { ASSURANCE_LEVELS, type RealNameMethodStatus } from '../../types';
import type { AccountOutlet } from './AccountLayout';
import { IdCardVerification } from './IdCardVerification';

/** The methods the SPA has a page for; others are listed as coming. */
const PAGES: Record<string, (props: { onDone: () => void; onCancel: () => void }) => React.ReactNode> = {
  id_card: IdCardVerification,
};

export function RealNamePanel() {
  const { t } = useI18n();
  const { session, reloadSession } = useOutletContext<AccountOutlet>();
  const current = session.account.assuranceLevel;
  const rank = ASSURANCE_LEVELS.indexOf(current);
  const [methods, setMethods] = useState<RealNameMethodStatus[] | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const load = useCallback(() => {
    getRealName().then((r) => setMethods(r.methods), () => setMethods([]));
  }, []);
  useEffect(load, [load]);

  const OpenPage = open ? PAGES[open] : undefined;
  if (OpenPage) {
    return (
      <Card title={t(`realName.method.${open}` as MessageKey)} className="sf-panel">
        <OpenPage
          onCancel={() => setOpen(null)}
          onDone={() => {
            setOpen(null);
            load();
            reloadSession();
          }}
        />
      </Card>
    );
  }

  return (
    <Card title={t('account.menu.realName')} className="sf-panel">
      <div className="sf-level" data-testid="assurance-level">
        <span className="sf-level-caption">{t('realName.current')}</span>
        <span className="sf-level-code">{current}</span>
        <span className="sf-level-name">{t(`level.${current}`)}</span>
      </div>
      <Typography.Title level={3}>{t('realName.upgrade')}</Typography.Title>
      <List
        data-testid="realname-methods"
        loading={methods === null}
        dataSource={methods ?? []}
        renderItem={(m) => (
          <List.Item
            data-testid={`realname-method-${m.id}`}
            actions={
              m.status === 'verified'
                ? [<Tag key="s" color="success">{t('realName.status.verified')}</Tag>]
                : m.applicable && PAGES[m.id]
                  ? [
                      <Tag key="s">{t('realName.status.not_verified')}</Tag>,
                      <Button key="go" type="primary" data-testid={`realname-go-${m.id}`} onClick={() => setOpen(m.id)}>
                        {t('realName.go')}
                      </Button>,
                    ]
                  : [<Tag key="s">{t('realName.notApplicable')}</Tag>]
            }
          >
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
      <Alert type="info" showIcon title={t('realName.later')} />
    </Card>
  );
}

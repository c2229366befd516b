// 单位信息: the org's registered details; after a change of legal representative, the way to confirm grants.
import { Alert, Button, Card, Descriptions, Typography } from 'antd';
import { useState } from 'react';
import { useOutletContext } from 'react-router-dom';
import { useI18n } from '../../i18n/context';
import { formatDateTime } from '../../lib/format';
import { confirmGrants, recheckRegistry } from './orgApi';
import { isApiError, type ApiError } from '../../api';
import type { OrgOutlet } from './OrgLayout';
import { useOrgText } from './text';
import { PageHeading } from '../../components/PageHeading';

export function OrgInfoPanel() {
  const { lang, t } = useI18n();
  const o = useOrgText();
  const { org, me, reload } = useOutletContext<OrgOutlet>();
  const [busy, setBusy] = useState(false);
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<ApiError | null>(null);
  const recheck = async () => {
    setChecking(true);
    setCheckError(null);
    try {
      await recheckRegistry();
      reload();
    } catch (err) {
      if (!isApiError(err)) throw err;
      setCheckError(err);
    } finally {
      setChecking(false);
    }
  };
  return (
    <Card title={<PageHeading>{o('menu.info')}</PageHeading>} className="sf-panel">
      {org.grantsSuspended && (
        <Alert
          className="sf-form-alert"
          type="warning"
          showIcon
          title={o('info.suspended')}
          action={
            me.canManage && (
              <Button type="primary" loading={busy} data-testid="org-confirm-grants" onClick={() => void (setBusy(true), confirmGrants().then(reload).finally(() => setBusy(false)))}>
                {o('info.confirmGrants')}
              </Button>
            )
          }
        />
      )}
      <Descriptions
        data-testid="org-info"
        bordered
        column={1}
        items={[
          { key: 'name', label: o('info.name'), children: <span data-testid="org-info-name">{org.name}</span> },
          { key: 'uscc', label: o('info.uscc'), children: <span data-testid="org-info-uscc">{org.uscc}</span> },
          { key: 'username', label: o('info.username'), children: org.username },
          { key: 'legalRep', label: o('info.legalRep'), children: org.legalRepName },
          { key: 'legalRepId', label: o('info.legalRepId'), children: org.legalRepIdMasked },
          { key: 'checkedAt', label: o('info.checkedAt'), children: formatDateTime(org.registryCheckedAt, lang) },
          {
            key: 'level',
            label: o('info.level'),
            children: (
              <>
                <span data-testid="org-info-level">
                  {org.assuranceLevel} {t(`level.${org.assuranceLevel}`)}
                </span>
                <Typography.Paragraph type="secondary" className="sf-level-how">
                  {o('info.levelHow')}
                </Typography.Paragraph>
                {me.canManage && (
                  <Button size="large" loading={checking} data-testid="org-recheck" onClick={() => void recheck()}>
                    {o('info.recheck')}
                  </Button>
                )}
                {checkError && <Alert type="error" showIcon role="alert" className="sf-form-alert" data-testid="org-recheck-alert" title={checkError.message} />}
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}

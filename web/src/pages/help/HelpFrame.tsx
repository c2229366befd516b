// The frame of every help page: the wide signed-out layout, a card with the page's title, and at
// the bottom the ways on — 返回帮助中心 (on the guides) and 返回登录 — so no help page is a dead end.
import { Card, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { BackToLoginLink } from '../../components/BackToLoginLink';
import { PageHeading } from '../../components/PageHeading';
import { PublicLayout } from '../../components/PublicLayout';
import { useHelpText } from './text';
import './help.css';

export function HelpFrame({ title, intro, testId, home = false, children }: { title: string; intro?: string; testId: string; home?: boolean; children: ReactNode }) {
  const h = useHelpText();
  return (
    <PublicLayout wide>
      <Card className="sf-card sf-help" data-testid={testId}>
        <PageHeading look="title" className="sf-card-title">
          {title}
        </PageHeading>
        {intro && <Typography.Paragraph className="sf-help-intro">{intro}</Typography.Paragraph>}
        {children}
        <p className="sf-card-links">
          {!home && (
            <>
              <Link to="/help" data-testid="help-back">
                {h.ui.backToHelp}
              </Link>
              {' · '}
            </>
          )}
          <BackToLoginLink />
        </p>
      </Card>
    </PublicLayout>
  );
}

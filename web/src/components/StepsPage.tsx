// The frame of a signed-out page done in steps (注册, 手机号注册, 忘记用户名, 忘记密码): a wide card with
// the page title and the steps bar, the step's body below.
import { Card, Steps } from 'antd';
import type { ReactNode } from 'react';
import { PageHeading } from './PageHeading';
import { PublicLayout } from './PublicLayout';

export function StepsPage({
  title,
  steps,
  current,
  status = 'process',
  testId,
  top,
  children,
}: {
  title: string;
  /** The steps' names, in order. */
  steps: ReactNode[];
  current: number;
  status?: 'wait' | 'process' | 'finish' | 'error';
  /** data-testid of the steps bar. */
  testId?: string;
  /** Above the steps bar: a switch to a sibling page (自然人找回密码 / 单位找回密码). */
  top?: ReactNode;
  children: ReactNode;
}) {
  return (
    <PublicLayout wide>
      <Card className="sf-card">
        <PageHeading look="title" className="sf-card-title">
          {title}
        </PageHeading>
        {top}
        <Steps data-testid={testId} className="sf-steps" current={current} status={status} items={steps.map((s) => ({ title: s }))} />
        {children}
      </Card>
    </PublicLayout>
  );
}

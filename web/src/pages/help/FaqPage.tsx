// /help/faq (常见问题知识库): the questions, each opening its answer; /help/faq#account-locked opens
// that one and scrolls to it. The lock answer quotes the server's configured lock (GET /api/meta → lockout).
import { Collapse } from 'antd';
import { useEffect, useState } from 'react';
import { useLocation } from 'react-router-dom';
import type { Meta } from '../../types';
import { applicable, conditionsOf } from './conditions';
import { HelpFrame } from './HelpFrame';
import { StepList } from './StepList';
import { useHelpText } from './text';
import { WithMeta } from './WithMeta';

export function FaqPage() {
  const h = useHelpText();
  return (
    <HelpFrame title={h.ui.faqTitle} intro={h.ui.faqIntro} testId="help-faq">
      <WithMeta>{(meta) => <Questions meta={meta} />}</WithMeta>
    </HelpFrame>
  );
}

function Questions({ meta }: { meta: Meta }) {
  const h = useHelpText();
  const asked = decodeURIComponent(useLocation().hash.slice(1));
  const [open, setOpen] = useState<string[]>(asked ? [asked] : []);
  useEffect(() => {
    if (asked) document.getElementById(`faq-${asked}`)?.scrollIntoView();
  }, [asked]);
  const on = conditionsOf(meta);
  const vars = { lockMinutes: meta.lockout.lockMinutes, maxFailures: meta.lockout.maxFailures };
  return (
    <Collapse
      className="sf-help-faq"
      size="large"
      activeKey={open}
      onChange={setOpen}
      items={h.faq.map((item) => ({
        key: item.id,
        label: (
          <span id={`faq-${item.id}`} data-testid={`faq-q-${item.id}`}>
            {item.q}
          </span>
        ),
        children: <StepList lines={applicable(item.a, on)} numbered={false} vars={vars} testId={`faq-a-${item.id}`} />,
      }))}
    />
  );
}

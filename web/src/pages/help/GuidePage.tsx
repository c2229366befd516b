// /help/person-registration, /help/org-registration, /help/org-authorisation: a guide's numbered
// steps (a section per way of doing it, where there are several), then 温馨提示 and the way to the FAQ.
import { Typography } from 'antd';
import { Link } from 'react-router-dom';
import { applicable, conditionsOf, fill } from './conditions';
import { HelpFrame } from './HelpFrame';
import { StepList } from './StepList';
import { useHelpText, type GuideSlug } from './text';
import { WithMeta } from './WithMeta';

export function GuidePage({ slug }: { slug: GuideSlug }) {
  const h = useHelpText();
  const guide = h.guides[slug];
  return (
    <HelpFrame title={guide.title} intro={guide.intro} testId={`help-guide-${slug}`}>
      <WithMeta>
        {(meta) => {
          const on = conditionsOf(meta);
          return (
            <>
              {applicable(guide.sections, on).map((section, i) => {
                const steps = applicable(section.steps, on);
                return (
                  <section key={section.heading ?? i} aria-label={section.heading ?? guide.title}>
                    {section.heading && (
                      <Typography.Title level={3} className="sf-help-section-title">
                        {section.heading}
                        <Typography.Text type="secondary"> {fill(h.ui.stepsOf, { n: steps.length })}</Typography.Text>
                      </Typography.Title>
                    )}
                    <StepList lines={steps} testId={`help-steps-${i + 1}`} />
                  </section>
                );
              })}
              {guide.notes && (
                <div className="sf-help-notes">
                  <Typography.Title level={4}>{h.ui.notes}</Typography.Title>
                  <StepList lines={applicable(guide.notes, on)} numbered={false} testId="help-notes" />
                </div>
              )}
              <p className="sf-card-links">
                {h.ui.moreQuestions}{' '}
                <Link to="/help/faq" data-testid="help-to-faq">
                  {h.ui.toFaq}
                </Link>
              </p>
            </>
          );
        }}
      </WithMeta>
    </HelpFrame>
  );
}

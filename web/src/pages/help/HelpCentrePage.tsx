// /help (帮助中心, seed 000's login page: 个人注册指引、单位注册指引、单位授权个人指引、常见问题知识库):
// the four entries, each a large link to its page.
import { RightOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { HelpFrame } from './HelpFrame';
import { GUIDE_SLUGS, useHelpText } from './text';

export function HelpCentrePage() {
  const h = useHelpText();
  const entries = [
    ...GUIDE_SLUGS.map((slug) => ({ slug, title: h.guides[slug].title, summary: h.guides[slug].summary })),
    { slug: 'faq', title: h.ui.faqTitle, summary: h.ui.faqSummary },
  ];
  return (
    <HelpFrame title={h.ui.title} intro={h.ui.intro} testId="help-centre" home>
      <ul className="sf-help-entries">
        {entries.map((e) => (
          <li key={e.slug}>
            <Link to={`/help/${e.slug}`} className="sf-help-entry" data-testid={`help-entry-${e.slug}`}>
              <span>
                <span className="sf-help-entry-title">{e.title}</span>
                <span className="sf-help-entry-summary">{e.summary}</span>
              </span>
              <span className="sf-help-entry-open">
                {h.ui.open} <RightOutlined aria-hidden />
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </HelpFrame>
  );
}

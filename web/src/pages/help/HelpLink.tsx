// The link to 帮助中心 (/help) for page footers; it comes with the first download, so it carries
// only its own words (the help pages' texts are in ./text.ts, loaded with the help pages).
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/context';
import type { Lang } from '../../i18n/lang';

export const HELP_TITLE: Record<Lang, string> = { 'zh-CN': '帮助中心', 'en-US': 'Help centre' };

export function HelpLink() {
  const { lang } = useI18n();
  return (
    <Link to="/help" className="sf-tap" data-testid="help-link">
      {HELP_TITLE[lang]}
    </Link>
  );
}

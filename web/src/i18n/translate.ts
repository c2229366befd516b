// Looks up a UI string in one language and fills `{name}` placeholders.
import { enUS } from './en-US';
import type { Lang } from './lang';
import { zhCN, type MessageKey, type Messages } from './zh-CN';

const CATALOGS: Record<Lang, Messages> = { 'zh-CN': zhCN, 'en-US': enUS };

/** `translate('en-US', 'register.success.username', { username: 'zhangsan' })` → `'Username: zhangsan'` */
export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = CATALOGS[lang][key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

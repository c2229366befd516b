// Looks up a UI string in one language and fills `{name}` placeholders.
import { enUS } from './en-US';
import type { Lang } from './lang';
import { PROFILE_WORDS, type Profile } from './profiles';
import { zhCN, type MessageKey, type Messages } from './zh-CN';

const CATALOGS: Record<Lang, Messages> = { 'zh-CN': zhCN, 'en-US': enUS };

/**
 * `translate('en-US', 'register.success.username', { username: 'zhangsan' })` → `'Username: zhangsan'`;
 * with a profile, that deployment's word where its manual names the label differently (profiles.ts).
 */
export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>, profile?: Profile | null): string {
  const text = (profile && PROFILE_WORDS[profile][lang]?.[key]) || CATALOGS[lang][key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

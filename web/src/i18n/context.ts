// The i18n context and the `useI18n()` hook: `const { t, lang } = useI18n(); t('login.submit')`.
import { createContext, useContext } from 'react';
import type { Lang } from './lang';
import type { MessageKey } from './zh-CN';

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
}

export const I18nContext = createContext<I18n | null>(null);

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n() outside <I18nProvider>');
  return value;
}

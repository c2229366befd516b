// Holds the UI language in React state and keeps the stored preference and <html lang> in step.
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { I18nContext, type I18n } from './context';
import { currentLang, setCurrentLang, type Lang } from './lang';
import { translate } from './translate';

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const initial = currentLang();
    setCurrentLang(initial);
    return initial;
  });

  const setLang = useCallback((next: Lang) => {
    setCurrentLang(next);
    setLangState(next);
  }, []);

  const value = useMemo<I18n>(
    () => ({ lang, setLang, t: (key, vars) => translate(lang, key, vars) }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

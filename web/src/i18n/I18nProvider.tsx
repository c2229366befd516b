// Holds the UI language in React state and keeps the stored preference and <html lang> in step;
// takes the deployment's profile from GET /api/meta for its own words (profiles.ts).
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { loadMeta } from '../lib/useMeta';
import { I18nContext, type I18n } from './context';
import { currentLang, setCurrentLang, type Lang } from './lang';
import { isProfile, type Profile } from './profiles';
import { translate } from './translate';

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const initial = currentLang();
    setCurrentLang(initial);
    return initial;
  });

  const [profile, setProfile] = useState<Profile | null>(null);
  useEffect(() => {
    loadMeta().then(
      (meta) => isProfile(meta.profile) && setProfile(meta.profile),
      () => {}, // the pages that need /api/meta show its error and a retry
    );
  }, []);

  const setLang = useCallback((next: Lang) => {
    setCurrentLang(next);
    setLangState(next);
  }, []);

  const value = useMemo<I18n>(
    () => ({ lang, setLang, t: (key, vars) => translate(lang, key, vars, profile) }),
    [lang, setLang, profile],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

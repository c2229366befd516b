// The current UI language: zh-CN by default, remembered in localStorage, read by the API client.
import { LANGS, type Lang } from '../../../src/shared/errors';

export type { Lang };

const STORAGE_KEY = 'shenfen.lang';

function stored(): Lang {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return LANGS.find((l) => l === value) ?? 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

let current: Lang = stored();

/** The language the UI shows and the API client sends in Accept-Language. */
export function currentLang(): Lang {
  return current;
}

export function setCurrentLang(lang: Lang): void {
  current = lang;
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

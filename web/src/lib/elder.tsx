// 长辈模式 (issue 19 item 3; 工业和信息化部《互联网网站适老化通用设计规范》, GB/T 37668-2019): a switch on
// every page for large type (1.5×), larger controls, AAA-contrast text and simpler pages, remembered on
// the device. The page's sizes follow the root font size: <html class="sf-elder"> sets it to 150 % of the
// browser's own, and the Ant Design theme is scaled by root ÷ 16 px — so the browser's font-size setting
// is honoured too (a default of 32 px doubles everything), in either mode.
import { createContext, useCallback, useContext, useLayoutEffect, useMemo, useState, type ReactNode } from 'react';

const KEY = 'shenfen.elder';
const CLASS = 'sf-elder';

export interface Elder {
  elder: boolean;
  setElder: (on: boolean) => void;
  /** The root font size over 16 px: what the theme's pixel sizes are multiplied by. */
  scale: number;
}

const ElderContext = createContext<Elder>({ elder: false, setElder: () => {}, scale: 1 });
export const useElder = () => useContext(ElderContext);

function stored(): boolean {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

function rootScale(): number {
  const px = parseFloat(getComputedStyle(document.documentElement).fontSize);
  return Number.isFinite(px) && px > 0 ? px / 16 : 1;
}

export function ElderProvider({ children }: { children: ReactNode }) {
  const [elder, setElderState] = useState(stored);
  const [scale, setScale] = useState(1);
  // Before paint: the class first, then the scale read from the root it sets.
  useLayoutEffect(() => {
    document.documentElement.classList.toggle(CLASS, elder);
    setScale(rootScale());
  }, [elder]);
  const setElder = useCallback((on: boolean) => {
    try {
      if (on) localStorage.setItem(KEY, '1');
      else localStorage.removeItem(KEY);
    } catch {
      // Private mode: the switch still works for this visit.
    }
    setElderState(on);
  }, []);
  const value = useMemo(() => ({ elder, setElder, scale }), [elder, setElder, scale]);
  return <ElderContext.Provider value={value}>{children}</ElderContext.Provider>;
}

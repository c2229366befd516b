// Whether a CSS media query matches now, read at the first render (no first frame with a guess)
// and kept current as the window changes.
import { useCallback, useSyncExternalStore } from 'react';

export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    [query],
  );
  return useSyncExternalStore(subscribe, () => window.matchMedia(query).matches);
}

/** A phone-sized window: narrower than Ant Design's `sm` breakpoint (576 px). */
export const PHONE_SIZED = '(max-width: 575.98px)';

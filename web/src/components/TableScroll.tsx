// A wide table on a narrow screen: it scrolls sideways inside its own region instead of widening the
// page, and the region takes keyboard focus (axe: scrollable-region-focusable) and has a name, so a
// keyboard or screen-reader user can scroll it too.
import type { ReactNode } from 'react';

export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="sf-table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}

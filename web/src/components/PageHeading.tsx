// Where you are, for everyone (issue 19 item 4): each page has one <h1>, and the tab's title names the
// page ('登录 - 身份统一认证平台'). After a route change the new page's h1 takes the focus, so a screen
// reader announces the page and the next Tab starts from its top; on the first load the focus stays
// where the page puts it (the login form's first field).
import { Typography } from 'antd';
import { useEffect, useRef, type ReactNode } from 'react';
import { useLocation } from 'react-router-dom';
import { useI18n } from '../i18n/context';

/** Set by a route change, taken by the first heading that mounts (or is found) after it. */
let pendingFocus = false;

function focusHeading(el: HTMLElement | null): boolean {
  if (!el) return false;
  el.focus({ preventScroll: false });
  pendingFocus = false;
  return true;
}

/** Mounted once around the routes: marks route changes (not the first load) for the next heading. */
export function RouteFocus() {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    pendingFocus = true;
    // The new page's heading, when it rendered with the route (children's effects run before this one).
    focusHeading(document.querySelector<HTMLElement>('[data-page-heading]'));
  }, [pathname]);
  return null;
}

/**
 * The page's one h1. `look`: 'title' a page title (as the signed-out cards show it), 'card' inside a
 * card's head (the card's own title size), 'hidden' for screen readers only (the login card's tabs are its
 * visible title), 'plain' a bare h1 styled by its own class. `title` names the tab when the heading holds more than text (an icon).
 */
export function PageHeading({ children, title, look = 'card', className }: { children: ReactNode; title?: string; look?: 'title' | 'card' | 'hidden' | 'plain'; className?: string }) {
  const { t } = useI18n();
  const ref = useRef<HTMLHeadingElement>(null);
  const site = t('app.name');
  // The tab's title: `title`, or the heading when it is plain text.
  const name = title ?? (typeof children === 'string' ? children : '');
  useEffect(() => {
    document.title = !name || name === site ? site : `${name} - ${site}`;
  }, [name, site]);
  useEffect(() => {
    if (pendingFocus) focusHeading(ref.current);
  }, []);
  const classes = [`sf-h1 sf-h1-${look}`, className].filter(Boolean).join(' ');
  if (look === 'plain')
    return (
      <h1 ref={ref} tabIndex={-1} data-page-heading="" className={classes}>
        {children}
      </h1>
    );
  return (
    <Typography.Title level={1} ref={ref} tabIndex={-1} data-page-heading="" className={classes}>
      {children}
    </Typography.Title>
  );
}

// Where to go after sign-in: a business system's protocol endpoint on this server (`?next=/oidc/…`
// or `/cas/…`), never another site — anything else falls back to the account centre.

const PROTOCOL_PATH = /^\/(oidc|cas)\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/;

/** The `next` parameter of the current page when it is safe to follow, else null. */
export function safeNext(search: string = window.location.search): string | null {
  const next = new URLSearchParams(search).get('next');
  if (!next || next.startsWith('//') || !PROTOCOL_PATH.test(next)) return null;
  return next;
}

/** Leaves the SPA for the protocol endpoint (a full navigation: the server answers it). */
export function followNext(next: string): void {
  window.location.assign(next);
}

/** The mobile companion's 扫码登录 page for one QR ticket (43 base64url characters, nothing more). */
export const QR_PAGE = /^\/m\/qr\/[A-Za-z0-9_-]{43}$/;

/**
 * SPA pages a signed-out page may ask to come back to after sign-in (`?back=`), e.g. 单位注册, or
 * the phone's 扫码登录 page of a ticket, or 个人年度资格认证入口 (its 直接进入) and the staff's pension page.
 */
const BACK_PATH = /^\/(org\/register|account(\/[a-z-]+)*|pension|staff\/pension)$/;

/** The `back` parameter of the current page when it names one of those pages, else null. */
export function safeBack(search: string = window.location.search): string | null {
  const back = new URLSearchParams(search).get('back');
  return back && (BACK_PATH.test(back) || QR_PAGE.test(back)) ? back : null;
}

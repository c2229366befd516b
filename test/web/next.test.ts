// Where the SPA goes after sign-in: business systems' protocol paths (`next`) and a few of its own pages (`back`).
import { describe, expect, it } from 'vitest';
import { safeBack, safeNext } from '../../web/src/lib/next';

describe('after sign-in', () => {
  it('comes back to 单位注册 or an account-centre page, nowhere else', () => {
    expect(safeBack('?back=/org/register')).toBe('/org/register');
    expect(safeBack('?back=/account/security/phone')).toBe('/account/security/phone');
    for (const bad of ['//evil.example/org/register', 'https://evil.example/', '/org/register/../../x', '/login', '/org/register?x=1', 'javascript:alert(1)', '']) {
      expect(safeBack(`?back=${encodeURIComponent(bad)}`), bad).toBeNull();
    }
  });

  it('comes back to 个人年度资格认证入口 (its 直接进入) and the staff’s pension page, not to the retiree’s own pages', () => {
    expect(safeBack('?back=/pension')).toBe('/pension');
    expect(safeBack('?back=/staff/pension')).toBe('/staff/pension');
    for (const bad of ['/pension/center', '/pension/certify', '/pension?x=1', '/staff/pension/x', '/staff', '//evil.example/pension']) {
      expect(safeBack(`?back=${encodeURIComponent(bad)}`), bad).toBeNull();
    }
  });

  it('comes back to the phone’s 扫码登录 page of one ticket, nothing else under /m', () => {
    const ticket = 'fKrB38qbYTXIBBEexcLcOZ_eJGHbwN1HpPaS0CnaT0Q';
    expect(safeBack(`?back=${encodeURIComponent(`/m/qr/${ticket}`)}`)).toBe(`/m/qr/${ticket}`);
    for (const bad of [`/m/qr/${ticket}?x=1`, `/m/qr/${ticket}/..`, `/m/qr/${ticket.slice(1)}`, '/m/qr/../account', `//evil.example/m/qr/${ticket}`, `https://evil.example/m/qr/${ticket}`, '/m/other']) {
      expect(safeBack(`?back=${encodeURIComponent(bad)}`), bad).toBeNull();
    }
    // `next` stays for protocol paths only.
    expect(safeNext(`?next=${encodeURIComponent(`/m/qr/${ticket}`)}`)).toBeNull();
  });

  it('follows only protocol paths of this server', () => {
    expect(safeNext(`?next=${encodeURIComponent('/oidc/interaction/abc')}`)).toBe('/oidc/interaction/abc');
    expect(safeNext(`?next=${encodeURIComponent('//evil.example/oidc/x')}`)).toBeNull();
    expect(safeNext(`?next=${encodeURIComponent('/account')}`)).toBeNull();
  });
});

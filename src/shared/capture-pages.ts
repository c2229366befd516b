/**
 * The SPA's pages that open the camera (issue 13: 人脸识别认证 in the account centre, 刷脸认证找回 in
 * 忘记密码; issue 14: the retiree's 人脸认证 of 养老待遇资格认证). Only their documents are served with `Permissions-Policy: camera=(self)` (and a CSP that
 * lets Human's WebAssembly run); every other answer keeps `camera=()` (src/http/security-headers.ts).
 * The policy belongs to the document, so the SPA reaches these paths by a full page load, never by
 * a router navigation (web/src/pages/face/fullLoad.ts).
 */
export const CAPTURE_PAGES = ['/account/real-name/face', '/login/forgot-password/face', '/pension/certify'] as const;
export type CapturePage = (typeof CAPTURE_PAGES)[number];

/** Whether the path (without query; a trailing slash allowed) is a capture page. */
export function isCapturePage(path: string): boolean {
  const p = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return (CAPTURE_PAGES as readonly string[]).includes(p);
}

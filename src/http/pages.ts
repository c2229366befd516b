/** Small server-rendered pages for the protocol endpoints (zh-CN first, en-US on request, large text). */

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export type PageLang = 'zh-CN' | 'en-US';
const SITE: Record<PageLang, string> = { 'zh-CN': '身份统一认证平台', 'en-US': 'Unified Identity Authentication Platform' };

/**
 * The language of a server-rendered page: `?lang=` (the page's own switch), then the OIDC request's
 * `ui_locales`, else zh-CN — the SPA's default too.
 */
export function pageLang(query: unknown, uiLocales?: unknown): PageLang {
  const asked = typeof query === 'object' && query !== null ? (query as Record<string, unknown>).lang : undefined;
  if (asked === 'en-US' || asked === 'zh-CN') return asked;
  const locales = typeof uiLocales === 'string' ? uiLocales.split(' ') : [];
  for (const l of locales) {
    if (/^en\b/i.test(l)) return 'en-US';
    if (/^zh\b/i.test(l)) return 'zh-CN';
  }
  return 'zh-CN';
}

/**
 * A whole page; `body` must already be escaped HTML. With `switchTo`, the header links to the same
 * page in the other language (`?lang=`).
 */
export function page(title: string, body: string, lang: PageLang = 'zh-CN', switchTo?: { href: string }): string {
  const other: PageLang = lang === 'zh-CN' ? 'en-US' : 'zh-CN';
  const switchLink = switchTo ? `<a class="lang" href="${escapeHtml(switchTo.href)}" lang="${other}">${other === 'en-US' ? 'English' : '中文'}</a>` : '';
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} - ${SITE[lang]}</title>
<style>body{font:18px/1.7 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;background:#edf1f6;color:#1f2937;margin:0}
header{background:#0b4f9c;color:#fff;padding:16px 24px;font-size:22px;font-weight:600;display:flex;justify-content:space-between;align-items:center;gap:12px;flex-wrap:wrap}
header a.lang{color:#fff;font-size:18px;font-weight:600;border:1px solid #fff;border-radius:6px;padding:8px 16px;text-decoration:none;min-height:44px;box-sizing:border-box;display:inline-flex;align-items:center}
a:focus-visible,button:focus-visible{outline:3px solid #0b4f9c;outline-offset:2px}header a:focus-visible{outline-color:#fff}
main{max-width:560px;margin:32px auto;background:#fff;border-radius:8px;padding:28px 32px}
h1{font-size:24px;margin-top:0}ul{padding-left:1.2em}
button,.button{font-size:18px;padding:10px 24px;border-radius:6px;border:1px solid #0b4f9c;background:#0b4f9c;color:#fff;cursor:pointer;text-decoration:none;display:inline-block;margin:8px 12px 0 0}
.secondary{background:#fff;color:#0b4f9c}</style></head>
<body><header><span>${SITE[lang]}</span>${switchLink}</header><main>${body}</main></body></html>`;
}

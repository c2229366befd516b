/** Small server-rendered pages for the protocol endpoints (zh-CN first, large text). */

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A whole page; `body` must already be escaped HTML. */
export function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} - 身份统一认证平台</title>
<style>body{font:18px/1.7 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;background:#edf1f6;color:#1f2937;margin:0}
header{background:#0b4f9c;color:#fff;padding:16px 24px;font-size:22px;font-weight:600}
main{max-width:560px;margin:32px auto;background:#fff;border-radius:8px;padding:28px 32px}
h1{font-size:24px;margin-top:0}ul{padding-left:1.2em}
button,.button{font-size:18px;padding:10px 24px;border-radius:6px;border:1px solid #0b4f9c;background:#0b4f9c;color:#fff;cursor:pointer;text-decoration:none;display:inline-block;margin:8px 12px 0 0}
.secondary{background:#fff;color:#0b4f9c}</style></head>
<body><header>身份统一认证平台</header><main>${body}</main></body></html>`;
}

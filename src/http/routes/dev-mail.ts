/**
 * Development-only `/dev/mail-outbox`: what the console mail transport "sent", links clickable, so
 * a developer can bind an e-mail without a mail server. Absent unless in development with that transport;
 * answers this machine only.
 */
import type { FastifyInstance } from 'fastify';
import { ConsoleMailer } from '../../connectors/mail/console.js';
import type { AppContext } from '../../context.js';
import { escapeHtml, page } from '../pages.js';
import { assertFromThisMachine } from './dev.js';

export function devMailRoutes(app: FastifyInstance, ctx: AppContext) {
  const mail = ctx.mail;
  if (ctx.config.mode !== 'development' || !(mail instanceof ConsoleMailer)) return;

  app.get('/dev/mail-outbox', { config: { input: {} } }, async (req, reply) => {
    assertFromThisMachine(req);
    const linkify = (text: string) => escapeHtml(text).replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>');
    const rows = mail
      .outbox()
      .map((m) => `<tr><td>${escapeHtml(m.sentAt.toISOString())}</td><td class="to">${escapeHtml(m.to)}</td><td>${escapeHtml(m.subject)}</td><td class="text"><pre style="white-space:pre-wrap">${linkify(m.text)}</pre></td></tr>`)
      .join('');
    const body = `<h1>邮件发件箱（仅开发环境）</h1>
<p>控制台邮件通道发出的最近邮件，最新的在最上面。生产环境不会出现此页面。</p>
${rows ? `<table style="width:100%;border-collapse:collapse" border="1" cellpadding="6"><thead><tr><th>时间</th><th>收件人</th><th>主题</th><th>内容</th></tr></thead><tbody>${rows}</tbody></table>` : '<p>暂无邮件。</p>'}`;
    return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page('邮件发件箱', body));
  });
}

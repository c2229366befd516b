/**
 * Development-only pages. `/dev/sms-outbox` lists what the console SMS gateway "sent", so a
 * developer (or a browser test) can read a code without a phone. It exists only in development
 * mode with the console gateway (production refuses that gateway at start-up), and answers only
 * this machine: a development server listens on every address by default.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ConsoleSmsGateway } from '../../connectors/sms/console.js';
import type { AppContext } from '../../context.js';
import { AppError } from '../../shared/app-error.js';
import { escapeHtml, page } from '../pages.js';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/** The development pages exist only for a request from this machine (the peer, and the client a trusted proxy names); else 404. */
export function assertFromThisMachine(req: FastifyRequest): void {
  if (!LOOPBACK.test(req.socket.remoteAddress ?? '') || !LOOPBACK.test(req.ip)) throw new AppError('request.not_found');
}

export function devRoutes(app: FastifyInstance, ctx: AppContext) {
  const sms = ctx.sms;
  if (ctx.config.mode !== 'development' || !(sms instanceof ConsoleSmsGateway)) return;

  app.get('/dev/sms-outbox', { config: { input: {} } }, async (req, reply) => {
    assertFromThisMachine(req);
    const rows = sms
      .outbox()
      .map((m) => `<tr><td>${escapeHtml(m.sentAt.toISOString())}</td><td class="phone">${escapeHtml(m.phone)}</td><td class="text">${escapeHtml(m.text)}</td></tr>`)
      .join('');
    const body = `<h1>短信发件箱（仅开发环境）</h1>
<p>控制台短信网关发出的最近短信，最新的在最上面。生产环境不会出现此页面。</p>
${rows ? `<table style="width:100%;border-collapse:collapse" border="1" cellpadding="6"><thead><tr><th>时间</th><th>手机号</th><th>内容</th></tr></thead><tbody>${rows}</tbody></table>` : '<p>暂无短信。</p>'}`;
    return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page('短信发件箱', body));
  });
}

/**
 * 扫码登录 (QR login), the phone's side: a signed-in person session on the mobile companion (/m)
 * scans a code, then confirms or cancels. The computer's side — show the code on its login flow,
 * poll until approved — is a sign-in method (src/methods/qr/method.ts); tickets are
 * src/methods/qr/tickets.ts.
 */
import { QrCancelled, QrConfirmed, QrScanned } from '../../shared/api/login.js';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { phoneStep, QR_SECRET, type TicketDetails } from '../../methods/qr/tickets.js';
import { hit } from '../../security/rate-limit.js';
import { requireSession } from '../session.js';
import { parse } from '../validate.js';

const TicketBody = z.strictObject({ ticket: z.string('qr.invalid').regex(QR_SECRET, 'qr.invalid') });

const detailsView = (d: TicketDetails) => ({
  device: d.device,
  place: { ip: d.ip },
  service: d.service,
  createdAt: d.createdAt.toISOString(),
  expiresAt: d.expiresAt.toISOString(),
});

const QR_ANSWERS = { scan: QrScanned, confirm: QrConfirmed, cancel: QrCancelled } as const;

export function qrLoginRoutes(app: FastifyInstance, ctx: AppContext) {
  for (const action of ['scan', 'confirm', 'cancel'] as const) {
    app.post(`/api/qr/${action}`, { config: { serves: ['person'], refusal: 'qr.person_only', input: { body: TicketBody }, output: { 200: QR_ANSWERS[action] } } }, async (req, reply) => {
      const session = await requireSession(ctx, req, reply);
      const { ticket } = parse(TicketBody, req.body);
      await hit(ctx, 'qrPerIp', req.ip);
      const details = await phoneStep(ctx, action, ticket, session.accountId, req.ip);
      return action === 'scan' ? { ticket: detailsView(details) } : { state: action === 'confirm' ? 'approved' : 'cancelled' };
    });
  }
}

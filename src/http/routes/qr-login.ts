/**
 * 扫码登录 (QR login). The computer, on its login flow: ask for a QR code, poll its state — the poll
 * that finds it approved signs the computer in. The phone (a signed-in person session on the
 * mobile companion, /m): scan, confirm, cancel. See src/methods/qr/tickets.ts.
 */
import type { FastifyInstance } from 'fastify';
import { renderSVG } from 'uqr';
import { z } from 'zod';
import { accountSummary } from '../../accounts/accounts.js';
import { recordLoginAttempt } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { bindingDigest, expectState, loadFlow, svgDataUri } from '../../flows/flow.js';
import { flowAfterQr, issueQrTicket, phoneStep, pollQrTicket, QR_PAGE_PATH, QR_SECRET, serviceOf, useTicketCte, type TicketDetails } from '../../methods/qr/tickets.js';
import { hit, pendingHit } from '../../security/rate-limit.js';
import { clientInfo } from '../client.js';
import { csrfToken, flowBinding } from '../csrf.js';
import { AppError, assertThat } from '../errors.js';
import { requireSession, signIn } from '../session.js';
import { parse } from '../validate.js';
import { FlowParams } from './flows.js';
import { sessionView, type State } from './login.js';

const KIND = 'login';

/** Where the login page was going (its `next`), so the phone can name the service; optional. */
const QrRequest = z.strictObject({ next: z.string().max(2048).optional() });
const TicketBody = z.strictObject({ ticket: z.string('qr.invalid').regex(QR_SECRET, 'qr.invalid') });

const detailsView = (d: TicketDetails) => ({
  device: d.device,
  place: { ip: d.ip },
  service: d.service,
  createdAt: d.createdAt.toISOString(),
  expiresAt: d.expiresAt.toISOString(),
});

export function qrLoginRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post('/api/flows/login/:id/qr', { config: { serves: ['public'], input: { params: FlowParams, body: QrRequest } } }, async (req) => {
    const { id } = parse(FlowParams, req.params);
    const body = parse(QrRequest, req.body ?? {});
    await hit(ctx, 'qrPerIp', req.ip);
    const flow = await loadFlow<State, object>(ctx, id, flowBinding(req), KIND);
    expectState(flow, 'choose_method');
    const issued = await issueQrTicket(ctx, flow.id, clientInfo(req), await serviceOf(ctx, body.next));
    const url = `${ctx.config.publicOrigin}${QR_PAGE_PATH}${issued.secret}`;
    const svg = renderSVG(url, { ecc: 'M', border: 2 });
    return { qr: { svg: svgDataUri(svg), url, expiresAt: issued.expiresAt.toISOString() } };
  });

  app.get('/api/flows/login/:id/qr', { config: { serves: ['public'], input: { params: FlowParams } } }, async (req, reply) => {
    const { id } = parse(FlowParams, req.params);
    reply.header('cache-control', 'no-store');
    const binding = flowBinding(req);
    // Nothing changed: one statement (the rate-limit hit, the flow and its ticket).
    const found = await pollQrTicket(ctx, id, bindingDigest(ctx, binding), pendingHit(ctx, 'qrPollPerIp', req.ip));
    if (!found.flow) {
      await loadFlow(ctx, id, binding, KIND); // says why: not found (another browser's) or expired
      throw new AppError('flow.not_found');
    }
    assertThat(found.flow.state === 'choose_method', 'flow.wrong_state');
    const ticket = found.ticket;
    if (!ticket) throw new AppError('qr.invalid');
    if (ticket.state === 'used') throw new AppError('flow.wrong_state');
    if (ticket.state !== 'approved') return { state: ticket.state };
    // Approved: this poll signs the computer in, once — the ticket used up, the flow completed and
    // the session started in one statement, or none of it.
    const accountId = ticket.accountId!;
    const client = clientInfo(req);
    const { session, binding: newBinding } = await signIn(ctx, req, reply, accountId, ['qr'], {
      with: useTicketCte(ctx, ticket.id),
      onlyIf: flowAfterQr(ctx, found.flow.id, accountId),
      refusal: 'qr.invalid',
    });
    const now = ctx.clock.now();
    await recordLoginAttempt(
      ctx.db,
      { accountId, at: now, ...client, method: 'qr', result: 'success' },
      { at: now, event: 'login.qr', result: 'success', actor: accountId, ip: client.ip, subject: ticket.id, detail: { method: 'qr' } },
    );
    const account = await accountSummary(ctx, accountId);
    return { state: 'approved', account, session: sessionView(session), csrfToken: csrfToken(ctx, newBinding) };
  });

  for (const action of ['scan', 'confirm', 'cancel'] as const) {
    app.post(`/api/qr/${action}`, { config: { serves: ['person'], refusal: 'qr.person_only', input: { body: TicketBody } } }, async (req, reply) => {
      const session = await requireSession(ctx, req, reply);
      const { ticket } = parse(TicketBody, req.body);
      await hit(ctx, 'qrPerIp', req.ip);
      const details = await phoneStep(ctx, action, ticket, session.accountId, req.ip);
      return action === 'scan' ? { ticket: detailsView(details) } : { state: action === 'confirm' ? 'approved' : 'cancelled' };
    });
  }
}

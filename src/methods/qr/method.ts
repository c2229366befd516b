/**
 * 扫码登录 (QR login) as a method, the computer's side: `POST qr` shows a QR code for the login flow,
 * `GET qr` polls it — the poll that finds it approved passes, and the completion statement uses the
 * ticket up with the flow step and the session, once. The phone's side (scan, confirm, cancel) is
 * src/http/routes/qr-login.ts; tickets are tickets.ts.
 */
import { QrIssued, QrPoll } from '../../shared/api/login.js';
import { sql } from 'kysely';
import { renderSVG } from 'uqr';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { bindingDigest, loadFlow, svgDataUri } from '../../flows/flow.js';
import { clientInfo } from '../../http/client.js';
import { flowBinding } from '../../http/csrf.js';
import { AppError, assertThat } from '../../shared/app-error.js';
import { pendingHit } from '../../security/rate-limit.js';
import { signInRecord } from '../complete-sign-in.js';
import { CHOOSING, LOGIN_FLOW, loginFlowIn } from '../login-flow.js';
import type { Method, MethodStep } from '../registry.js';
import { issueQrTicket, pollQrTicket, QR_PAGE_PATH, QR_USED, serviceOf, useTicketCte } from './tickets.js';

/** Where the login page was going (its `next`), so the phone can name the service; optional. */
const QrRequest = z.strictObject({ next: z.string().max(2048).optional() });

const showCode: MethodStep<z.infer<typeof QrRequest>> = {
  name: 'qr',
  output: QrIssued,
  body: QrRequest,
  async run({ ctx, req, flowId, body }) {
    const flow = await loginFlowIn(ctx, req, flowId, 'qrPerIp');
    const issued = await issueQrTicket(ctx, flow.id, clientInfo(req), await serviceOf(ctx, body.next));
    const url = `${ctx.config.publicOrigin}${QR_PAGE_PATH}${issued.secret}`;
    const svg = renderSVG(url, { ecc: 'M', border: 2 });
    return { answer: { qr: { svg: svgDataUri(svg), url, expiresAt: issued.expiresAt.toISOString() } } };
  },
};

const poll: MethodStep<undefined> = {
  name: 'qr',
  verb: 'GET',
  output: QrPoll,
  async run({ ctx, req, reply, flowId }) {
    reply.header('cache-control', 'no-store');
    const binding = flowBinding(req);
    // Nothing changed: one statement (the rate-limit hit, the flow and its ticket).
    const found = await pollQrTicket(ctx, flowId, bindingDigest(ctx, binding), pendingHit(ctx, 'qrPollPerIp', req.ip));
    if (!found.flow) {
      await loadFlow(ctx, flowId, binding, LOGIN_FLOW); // says why: not found (another browser's) or expired
      throw new AppError('flow.not_found');
    }
    assertThat(found.flow.state === CHOOSING, 'flow.wrong_state');
    const ticket = found.ticket;
    if (!ticket) throw new AppError('qr.invalid');
    if (ticket.state === 'used') throw new AppError('flow.wrong_state');
    if (ticket.state !== 'approved') return { answer: { state: ticket.state } };
    return { pass: approvedPass(ctx, ticket.id, ticket.accountId!, clientInfo(req)), flow: found.flow, from: CHOOSING };
  },
};

/**
 * An approved ticket signs the computer in once: the completion statement uses it up (`qr_used`),
 * and its flow step and login record wait for that — all of it, or none (qr.invalid).
 */
const approvedPass = (ctx: AppContext, ticketId: string, accountId: string, client: { ip: string | null; userAgent: string | null }) => ({
  accountId,
  amr: ['qr'],
  record: sql`${useTicketCte(ctx, ticketId)}, ${signInRecord(ctx, { method: 'qr', accountId, client, subject: ticketId, after: QR_USED })}`,
  consumes: QR_USED,
  refusal: 'qr.invalid' as const,
  answer: { state: 'approved' },
});

export const qr: Method = {
  id: 'qr',
  kind: 'signed_challenge',
  purposes: ['sign_in'],
  startsWithCaptcha: false,
  steps: { sign_in: [showCode, poll] },
};

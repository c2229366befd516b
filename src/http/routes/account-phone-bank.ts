/**
 * Account centre, phone: what a change costs the 实名等级, and 银联实名认证修改手机号 on the phone
 * flow of account-contact.ts (its start and code request are shared).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { confirmBankPhoneChange, phoneChangeImpact } from '../../accounts/settings/phone-bank.js';
import type { AppContext } from '../../context.js';
import { BankCardNumber } from '../../methods/realname/bank-card.js';
import { requireSession } from '../session.js';
import { parse, text } from '../validate.js';
import { ownPhoneFlow } from './account-contact.js';
import { FlowParams } from './flows.js';
import { PhoneChangeImpact, PhoneChanged } from '../../shared/api/account.js';

// The code is left out once a refused card has proven the number (the flow says phone_proven).
const BankConfirmBody = z.strictObject({ cardNumber: BankCardNumber, code: text(16, 'otp.invalid').optional() });

export function accountPhoneBankRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/account/phone/change-impact', { config: { serves: ['person'], input: {}, output: { 200: PhoneChangeImpact } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    return phoneChangeImpact(ctx, session.accountId);
  });

  app.post('/api/account/phone/flows/:id/confirm-bank', { config: { serves: ['person'], input: { params: FlowParams, body: BankConfirmBody }, output: { 200: PhoneChanged } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const { id } = parse(FlowParams, req.params);
    const body = parse(BankConfirmBody, req.body);
    const flow = await ownPhoneFlow(ctx, req, session, id);
    return confirmBankPhoneChange(ctx, flow, body, req.ip);
  });
}

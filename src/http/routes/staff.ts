/** Service-hall staff: whether the signed-in account is staff, look a person up by ID number, record a counter check. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { ID_TYPES, type IdType } from '../../domain/index.js';
import { lookUpPerson, recordCounterCheck } from '../../methods/realname/counter.js';
import { clientInfo } from '../client.js';
import { requireSession } from '../session.js';
import { parse, text } from '../validate.js';
import { CounterLookup, CounterVerified, StaffStatus } from '../../shared/api/realname.js';

const Lookup = z.strictObject({ idNumber: text(32, 'id_number.format').pipe(z.string().min(1, 'id_number.empty')) });
const Check = z.strictObject({
  accountId: z.uuid('staff.person_not_found'),
  documentType: z.enum(ID_TYPES as unknown as [IdType, ...IdType[]], 'id_type.invalid'),
  documentNumber: text(32, 'id_number.format').pipe(z.string().min(1, 'id_number.empty')),
  place: text(100, 'request.invalid').pipe(z.string().min(2, 'request.invalid')),
  documentChecked: z.literal(true, 'request.invalid'),
});

export function staffRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/staff/status', { config: { serves: ['person'], input: {}, output: { 200: StaffStatus } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    return { staff: session.staff };
  });

  // POST, not GET: an ID number does not belong in a URL (logs, history).
  app.post('/api/staff/counter/lookup', { config: { serves: ['staff'], input: { body: Lookup }, output: { 200: CounterLookup } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const body = parse(Lookup, req.body);
    return { persons: await lookUpPerson(ctx, session.accountId, body.idNumber, clientInfo(req).ip ?? 'unknown') };
  });

  app.post('/api/staff/counter/verify', { config: { serves: ['staff'], input: { body: Check }, output: { 200: CounterVerified } } }, async (req, reply) => {
    const session = await requireSession(ctx, req, reply);
    const body = parse(Check, req.body);
    return recordCounterCheck(ctx, session.accountId, body, clientInfo(req).ip ?? 'unknown');
  });
}

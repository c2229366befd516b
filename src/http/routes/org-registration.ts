/** Org registration routes (单位注册): a signed-in person starts a flow (with captcha) and submits the org's details. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { advanceFlow, createFlow, flowView, takeCaptchaStep } from '../../flows/flow.js';
import { registerOrg } from '../../orgs/register.js';
import { hit, pendingHit } from '../../security/rate-limit.js';
import { clientInfo } from '../client.js';
import { browserBinding, flowBinding } from '../csrf.js';
import { assertThat } from '../../shared/app-error.js';
import { requireSession } from '../session.js';
import { Captcha, EmptyBody, parse, Pow, text } from '../validate.js';
import { FlowParams } from './flows.js';
import { OrgName, Password, PersonName, ResidentIdNumber, USERNAME, Uscc } from './org-schemas.js';
import { FlowAnswer } from '../../shared/api/flows.js';
import { OrgRegistered } from '../../shared/api/org.js';

const KIND = 'org_registration';
type State = 'details' | 'completed';

const Submit = z.strictObject({
  uscc: Uscc,
  name: OrgName,
  legalRepName: PersonName,
  legalRepIdNumber: ResidentIdNumber,
  username: text(64, 'username.invalid').pipe(z.string().regex(USERNAME, 'username.invalid')),
  password: Password,
  confirmPassword: z.string('password.mismatch').max(256, 'password.mismatch'),
  captcha: Captcha,
  pow: Pow,
});

async function requirePerson(ctx: AppContext, accountId: string) {
  const a = await ctx.db.selectFrom('accounts').select('kind').where('id', '=', accountId).executeTakeFirstOrThrow();
  assertThat(a.kind === 'person', 'org.person_required');
}

export function orgRegistrationRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post('/api/flows/org-registration', { config: { serves: ['public'], input: { body: EmptyBody }, output: { 201: FlowAnswer } } }, async (req, reply) => {
    parse(EmptyBody, req.body);
    const session = await requireSession(ctx, req, reply);
    await requirePerson(ctx, session.accountId);
    await hit(ctx, 'flowPerIp', req.ip);
    const flow = await createFlow<State, { agentId: string }>(ctx, KIND, 'details', browserBinding(req, reply), { agentId: session.accountId }, true);
    return reply.status(201).send({ flow: flowView(flow) });
  });

  app.post('/api/flows/org-registration/:id', { config: { serves: ['public'], input: { params: FlowParams, body: Submit }, output: { 200: OrgRegistered } } }, async (req, reply) => {
    const { id } = parse(FlowParams, req.params);
    const session = await requireSession(ctx, req, reply);
    const body = parse(Submit, req.body);
    assertThat(body.password === body.confirmPassword, 'password.mismatch', { confirmPassword: 'password.mismatch' });
    // Rate-limit hit, flow load and captcha use: one round trip. The flow belongs to the agent who started it.
    const owner = { field: 'agentId' as const, id: session.accountId };
    const flow = await takeCaptchaStep<State, { agentId: string }>(ctx, id, flowBinding(req), KIND, 'details', body, pendingHit(ctx, 'registrationPerIp', req.ip), owner);
    await hit(ctx, 'orgRegistrationPerAccount', session.accountId);
    // Its '已注册' answer costs the captcha above; each code typed is counted too, taken or not.
    await hit(ctx, 'registrationPerIdentifier', `uscc:${body.uscc}`);
    const { orgId, agentRole } = await registerOrg(ctx, session.accountId, body, clientInfo(req).ip);
    await advanceFlow(ctx, flow, 'details', 'completed', { agentId: session.accountId, orgId } as { agentId: string });
    return { org: { id: orgId, uscc: body.uscc, name: body.name, username: body.username }, agentRole };
  });
}

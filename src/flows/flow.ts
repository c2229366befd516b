/**
 * Stored flows (Kratos style): a record with an explicit state, an expiry and a browser binding.
 * Every step loads the record, checks the state, and saves the next state only if the state is
 * still the one it read — so a step can be neither skipped nor replayed, even by two tabs at once.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { pngDataUri } from '../connectors/captcha/raster.js';
import { ACCESSIBLE_PREFIX, isAccessible, powOf } from '../connectors/captcha/pow.js';
import type { PowChallenge } from '../shared/pow.js';
import { addMinutes, type AppContext } from '../context.js';
import { AppError, assertThat } from '../shared/app-error.js';
import type { ErrorCode } from '../shared/errors.js';
import { checkHit, hitStatement, type PendingHit } from '../security/rate-limit.js';
import { newId, safeEqual } from '../security/tokens.js';

export interface Flow<S extends string = string, D extends object = object> {
  id: string;
  kind: string;
  state: S;
  data: D;
  expiresAt: Date;
}

const CAPTCHA_MINUTES = 5;

/** What a captcha step is sent: the picture's text (or, for the accessible captcha, anything) and the proof of work. */
export interface CaptchaAnswer {
  captcha: string;
  pow?: string | undefined;
}

/** A captcha as the API shows it: the picture (none for the accessible one) and its proof-of-work challenge. */
export interface CaptchaView {
  captcha?: string;
  pow: PowChallenge;
}

/** What a flow stores of its browser's binding (for statements that match it themselves). */
export const bindingDigest = (ctx: AppContext, binding: string) => ctx.vault.mac('flow-binding', binding);

/**
 * Creates a flow; with `withCaptcha` its first captcha is drawn in the same write and returned as
 * a data: URI with its proof-of-work challenge, saving the browser a round trip. With `gate`, that
 * rate-limit hit is counted in the same round trip too, and no flow is stored when it is past the
 * limit (429).
 */
export async function createFlow<S extends string, D extends object>(
  ctx: AppContext,
  kind: string,
  state: S,
  binding: string,
  data: D,
  withCaptcha = false,
  gate?: PendingHit,
): Promise<Flow<S, D> & Partial<CaptchaView>> {
  const now = ctx.clock.now();
  const id = newId();
  // Only the text is needed before the insert; the picture is drawn once the flow is stored (captchaFor).
  const image = withCaptcha ? ctx.captcha.create() : undefined;
  const flow = { id, kind, state, data, expiresAt: addMinutes(now, ctx.config.flowMinutes) };
  const captchaExpires = addMinutes(now, CAPTCHA_MINUTES);
  const row = {
    id: flow.id,
    kind,
    state,
    browser_binding: bindingDigest(ctx, binding),
    data: JSON.stringify(data),
    expires_at: flow.expiresAt,
    created_at: now,
    updated_at: now,
    captcha_hash: image ? storedCaptcha(ctx, id, image.text) : null,
    captcha_expires_at: image ? captchaExpires : null,
  };
  if (gate) {
    const res = await sql<{ count: number }>`
      with rl as (${hitStatement(gate)}),
      created as (
        insert into flows (id, kind, state, browser_binding, data, expires_at, created_at, updated_at, captcha_hash, captcha_expires_at)
        select ${row.id}::uuid, ${row.kind}, ${row.state}, ${row.browser_binding}, ${row.data}::jsonb, ${row.expires_at}::timestamptz,
          ${row.created_at}::timestamptz, ${row.updated_at}::timestamptz, ${row.captcha_hash}::text, ${row.captcha_expires_at}::timestamptz
        where (select count from rl) <= ${gate.max}::int)
      select count from rl`.execute(ctx.db);
    checkHit(gate, res.rows[0]!.count);
  } else {
    await ctx.db.insertInto('flows').values(row).execute();
  }
  if (!image) return flow;
  return { ...flow, captcha: pngDataUri(image.png), pow: powOf(ctx, id, row.captcha_hash!, captchaExpires).challenge };
}

const captchaDigest = (ctx: AppContext, flowId: string, text: string) => ctx.vault.mac('captcha', `${flowId}:${text.trim().toLowerCase()}`);

/**
 * What a flow stores of a picture captcha: the digest of its text, a dot, and a nonce of this
 * drawing — so that each drawing's proof of work differs even when the text repeats (powOf).
 */
const storedCaptcha = (ctx: AppContext, flowId: string, text: string) => `${captchaDigest(ctx, flowId, text)}.${randomBytes(9).toString('base64url')}`;

/**
 * Checks a captcha as stored against an answer: unused and unexpired (else captcha.invalid), its
 * proof of work (pow.invalid), then — for a picture — the text (captcha.invalid). The accessible
 * captcha has no text: its costlier proof of work is the answer.
 */
function checkCaptcha(ctx: AppContext, flowId: string, stored: { captcha_hash: string | null; captcha_expires_at: Date | null }, answer: CaptchaAnswer, now: Date): void {
  const { captcha_hash: hash, captcha_expires_at: expires } = stored;
  if (!hash || !expires || new Date(expires) <= now) throw new AppError('captcha.invalid', { captcha: 'captcha.invalid' });
  const { number } = powOf(ctx, flowId, hash, new Date(expires));
  if (!safeEqual(answer.pow ?? '', String(number))) throw new AppError('pow.invalid', { captcha: 'pow.invalid' });
  if (!isAccessible(hash) && !safeEqual(hash.split('.')[0]!, captchaDigest(ctx, flowId, answer.captcha))) throw new AppError('captcha.invalid', { captcha: 'captcha.invalid' });
}

/** A captcha step without a proof of work is refused, and its captcha is left as it was. */
const requirePow = (answer: CaptchaAnswer) => assertThat(answer.pow, 'pow.required', { captcha: 'pow.required' });

export const svgDataUri = (svg: string) => `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;

/** What a flow id looks like: anything else names no flow (and must not reach a uuid column). */
export const FLOW_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Loads a flow of this browser; another browser's flow is as unknown as a missing one. */
export async function loadFlow<S extends string, D extends object>(
  ctx: AppContext,
  id: string,
  binding: string,
  kind?: string,
): Promise<Flow<S, D>> {
  assertThat(FLOW_ID.test(id), 'flow.not_found');
  const row = await ctx.db.selectFrom('flows').selectAll().where('id', '=', id).executeTakeFirst();
  assertThat(row && safeEqual(row.browser_binding, bindingDigest(ctx, binding)), 'flow.not_found');
  assertThat(kind === undefined || row.kind === kind, 'flow.not_found');
  assertThat(row.expires_at > ctx.clock.now(), 'flow.expired');
  return { id: row.id, kind: row.kind, state: row.state as S, data: row.data as D, expiresAt: row.expires_at };
}

/** Moves a flow from `from` to `to`; refuses if someone else moved it first. */
export async function advanceFlow<S extends string, D extends object>(
  ctx: AppContext,
  flow: Flow<S, D>,
  from: S,
  to: S,
  data: D,
  db = ctx.db,
): Promise<Flow<S, D>> {
  const res = await db
    .updateTable('flows')
    .set({ state: to, data: JSON.stringify(data), updated_at: ctx.clock.now() })
    .where('id', '=', flow.id)
    .where('state', '=', from)
    .executeTakeFirst();
  assertThat(Number(res.numUpdatedRows) === 1, 'flow.wrong_state');
  return { ...flow, state: to, data };
}

/**
 * Counts one try of something a flow allows `max` times (security answers, a bank check, a
 * registration's "taken" check) before it is made: past `max` it throws `tooMany`. The count
 * changes only if nobody counted meanwhile, so tries sent at once cannot all read the same count
 * and together get more than `max`; the one that lost the race hears flow.wrong_state.
 */
export async function countTry<S extends string, D extends object>(
  ctx: AppContext,
  flow: Flow<S, D>,
  key: keyof D & string,
  max: number,
  tooMany: ErrorCode,
): Promise<{ flow: Flow<S, D>; count: number }> {
  const count = (Number((flow.data as Record<string, unknown>)[key]) || 0) + 1;
  if (count > max) throw new AppError(tooMany);
  const data = { ...flow.data, [key]: count };
  const res = await ctx.db
    .updateTable('flows')
    .set({ data: JSON.stringify(data), updated_at: ctx.clock.now() })
    .where('id', '=', flow.id)
    .where('state', '=', flow.state)
    .where(sql<boolean>`coalesce((data->>${key})::int, 0) = ${count - 1}`)
    .executeTakeFirst();
  assertThat(Number(res.numUpdatedRows) === 1, 'flow.wrong_state');
  return { flow: { ...flow, data }, count };
}

export function expectState<S extends string>(flow: Flow<S, object>, ...states: S[]): void {
  assertThat(states.includes(flow.state), 'flow.wrong_state');
}

/**
 * Makes a new captcha for the flow (the previous one stops working) and returns its picture and
 * proof-of-work challenge; `accessible`: no picture, a costlier proof of work (docs/captcha.md).
 */
export async function issueCaptcha(ctx: AppContext, flow: Flow, accessible = false): Promise<CaptchaView> {
  const image = accessible ? undefined : ctx.captcha.create();
  const hash = image ? storedCaptcha(ctx, flow.id, image.text) : ACCESSIBLE_PREFIX + randomBytes(24).toString('base64url');
  const expires = addMinutes(ctx.clock.now(), CAPTCHA_MINUTES);
  await ctx.db.updateTable('flows').set({ captcha_hash: hash, captcha_expires_at: expires }).where('id', '=', flow.id).execute();
  const pow = powOf(ctx, flow.id, hash, expires).challenge;
  return image ? { captcha: pngDataUri(image.png), pow } : { pow };
}

/** Checks and uses up the flow's captcha: whatever the answer, it cannot be tried again. */
export async function consumeCaptcha(ctx: AppContext, flow: Flow, answer: CaptchaAnswer): Promise<void> {
  requirePow(answer);
  const res = await sql<{ captcha_hash: string | null; captcha_expires_at: Date | null }>`
    update flows f set captcha_hash = null, captcha_expires_at = null
    from (select id, captcha_hash, captcha_expires_at from flows where id = ${flow.id} for update) old
    where f.id = old.id
    returning old.captcha_hash, old.captcha_expires_at`.execute(ctx.db);
  checkCaptcha(ctx, flow.id, res.rows[0] ?? { captcha_hash: null, captcha_expires_at: null }, answer, ctx.clock.now());
}

/**
 * A captcha-guarded step in one round trip: counts `gate`'s rate-limit hit, then — within the
 * limit — takes this browser's flow of `kind` in `state`, unexpired, and uses up its captcha
 * whatever the answer (as `consumeCaptcha`). Past the limit nothing is touched (429); without a
 * proof of work the hit counts, the flow is checked as below, and its captcha is left as it was (pow.required). A flow that
 * is missing, another browser's, expired or in another state keeps its captcha and answers as
 * `loadFlow` and `expectState` do; a wrong or stale captcha throws captcha.invalid. With `owner`,
 * the flow must also carry that id in that data field (who started it): another's flow is as
 * unknown as a missing one (flow.not_found, after the state is checked) and keeps its captcha.
 */
export async function takeCaptchaStep<S extends string, D extends object>(
  ctx: AppContext,
  id: string,
  binding: string,
  kind: string,
  state: S,
  answer: CaptchaAnswer,
  gate: PendingHit,
  owner?: { field: keyof D & string; id: string },
): Promise<Flow<S, D>> {
  assertThat(FLOW_ID.test(id), 'flow.not_found');
  const now = ctx.clock.now();
  const digest = bindingDigest(ctx, binding);
  const res = await sql<{
    count: number;
    id: string | null;
    kind: string;
    state: string;
    data: D;
    expires_at: Date;
    browser_binding: string;
    captcha_hash: string | null;
    captcha_expires_at: Date | null;
  }>`
    with rl as (${hitStatement(gate)}),
    old as (
      select id, kind, state, data, expires_at, browser_binding, captcha_hash, captcha_expires_at from flows
      where id = ${id}::uuid and kind = ${kind} and state = ${state} and browser_binding = ${digest}
        and expires_at > ${now}::timestamptz and (select count from rl) <= ${gate.max}::int
        ${owner ? sql`and data->>${owner.field}::text = ${owner.id}::text` : sql``}
        ${answer.pow ? sql`` : sql`and false`}
      for update),
    used as (
      update flows f set captcha_hash = null, captcha_expires_at = null from old where f.id = old.id
      returning old.id, old.kind, old.state, old.data, old.expires_at, old.browser_binding, old.captcha_hash, old.captcha_expires_at)
    select rl.count, used.* from rl left join used on true`.execute(ctx.db);
  const row = res.rows[0]!;
  checkHit(gate, row.count);
  if (!row.id) {
    // Say why, as the step-by-step checks would: nothing was changed.
    const flow = await loadFlow<S, D>(ctx, id, binding, kind);
    expectState(flow, state);
    assertThat(!owner || (flow.data as Record<string, unknown>)[owner.field] === owner.id, 'flow.not_found');
    requirePow(answer);
    throw new AppError('flow.wrong_state');
  }
  assertThat(safeEqual(row.browser_binding, digest), 'flow.not_found');
  checkCaptcha(ctx, id, row, answer, now);
  return { id: row.id, kind: row.kind, state: row.state as S, data: row.data, expiresAt: new Date(row.expires_at) };
}

/**
 * The statement that moves a flow from `from` to `to` and returns its id (none if it was moved
 * first). With `after`, the name of an earlier CTE of the same statement, it moves only if that
 * CTE returned a row (扫码登录: only once its ticket was used up).
 */
export const advanceStatement = <S extends string, D extends object>(ctx: AppContext, flow: Pick<Flow<S, D>, 'id'>, from: S, to: S, data: D, after?: string) =>
  sql<{ id: string }>`update flows set state = ${to}, data = ${JSON.stringify(data)}::jsonb, updated_at = ${ctx.clock.now()}::timestamptz
    where id = ${flow.id}::uuid and state = ${from}${after ? sql` and exists (select 1 from ${sql.id(after)})` : sql``} returning id`;

/** The flow as the API shows it. */
export function flowView(flow: Flow & Partial<CaptchaView>, extra: Record<string, unknown> = {}) {
  return {
    id: flow.id,
    kind: flow.kind,
    state: flow.state,
    expiresAt: flow.expiresAt.toISOString(),
    ...(flow.captcha ? { captcha: flow.captcha } : {}),
    ...(flow.pow ? { pow: flow.pow } : {}),
    ...extra,
  };
}

/**
 * 养老保险待遇领取资格认证 (issue 14, seed 003): the bodies and answers of the pension routes
 * (src/http/routes/pension.ts) — the retiree's own sign-in and session (`/api/pension/*`), the
 * person's view in the account centre (`/api/account/pension`), and the service-hall staff's
 * lookup, in-person record and figures (`/api/staff/pension/*`).
 *
 * The retiree's session is not a Shenfen account session: its own HttpOnly cookie
 * (`__Host-sf_pension`, 30 min idle). Every state-changing request carries the X-CSRF-Token as the
 * rest of the API (GET /api/csrf).
 *
 * Signing in (the captcha exactly as the login page obtains it, on a flow of its own):
 *   1. POST /api/pension/sign-in/flow `{}` → 201 `{ flow }` — the flow with its first picture
 *      (`flow.captcha`, a data: URI) and proof-of-work challenge (`flow.pow`); a new picture with
 *      GET /api/flows/:id/captcha, the accessible one with POST /api/flows/:id/captcha/accessible
 *      (src/http/routes/flows.ts), as on the login page.
 *   2. POST /api/pension/sign-in `{ flowId, name, ssn, captcha, pow }` → `{ retiree }` + cookie.
 *      The captcha is used up whatever the answer: after any error ask for a new picture.
 */
import { z } from 'zod';
import { Instant } from './common.js';
import { FaceConsent } from './face.js';
import { FlowView } from './flows.js';

/** The forms of 社会保障号码 (src/pension/registry.ts): an 18-digit resident ID, the 粤人社发[2014]234号 code, or a number registered before it. */
export const PENSION_ID_KINDS = ['resident_id', 'hkmotw_code', 'registered'] as const;
export const PensionIdKind = z.enum(PENSION_ID_KINDS);
export type PensionIdKind = z.infer<typeof PensionIdKind>;

/** 待认证 (never certified) / 已认证 / 即将到期 (due within `pension.reminderDays`) / 已逾期. */
export const PENSION_STATUSES = ['pending', 'certified', 'due_soon', 'overdue'] as const;
export const PensionStatus = z.enum(PENSION_STATUSES);
export type PensionStatus = z.infer<typeof PensionStatus>;

/** 网上自助 / 现场 (社保经办服务大厅) / 社区 (上门) / 手机APP. */
export const PENSION_CHANNELS = ['online', 'counter', 'community', 'app'] as const;
export const PensionChannel = z.enum(PENSION_CHANNELS);
export type PensionChannel = z.infer<typeof PensionChannel>;

/** Why a certification failed: the face decision (src/face/types.ts FaceResult, but 'passed'). */
export const PENSION_FAILURE_REASONS = ['actions_not_done', 'no_match', 'spoof', 'environment'] as const;
export const PensionFailureReason = z.enum(PENSION_FAILURE_REASONS);
export type PensionFailureReason = z.infer<typeof PensionFailureReason>;

/**
 * A retiree as they (or the staff) see themselves: never the number in full. `eligible` false with
 * `ineligibleReason` 'benefit' (待遇暂停/终止) or 'survival' (生存状态异常) — the page then shows
 * '待遇发放状态和生存状态异常人员无法做资格认证'. `attemptsLeftToday`: face attempts left in the last 24 h.
 */
export const PensionRetiree = z.strictObject({
  name: z.string(),
  idNumberMasked: z.string(),
  idKind: PensionIdKind,
  region: z.string(),
  status: PensionStatus,
  lastCertifiedAt: Instant.nullable(),
  dueAt: Instant.nullable(),
  eligible: z.boolean(),
  ineligibleReason: z.enum(['benefit', 'survival']).nullable(),
  attemptsLeftToday: z.number().int().nonnegative(),
});
export type PensionRetiree = z.infer<typeof PensionRetiree>;

/** GET /api/pension/session: the retiree signed in to this browser, or null. */
export const PensionSession = z.strictObject({ retiree: PensionRetiree.nullable() });
export type PensionSession = z.infer<typeof PensionSession>;

/** POST /api/pension/sign-in/flow (201): the sign-in flow with its first captcha. Body: `{}`. */
export const PensionSignInStarted = z.strictObject({ flow: FlowView });
export type PensionSignInStarted = z.infer<typeof PensionSignInStarted>;

/**
 * POST /api/pension/sign-in. `name`: 请输入您登记的姓名 (as registered; English names as registered,
 * case does not matter); `ssn`: 请输入您登记的社会保障号码 (spaces allowed, any case). Errors:
 * pension.name_empty, pension.ssn_format, captcha.required / captcha.invalid / pow.*, flow.*,
 * pension.not_registered (one answer for an unknown number and a wrong name), rate_limited.
 */
export const PensionSignIn = z.strictObject({
  flowId: z.string('flow.not_found').max(64, 'flow.not_found'),
  name: z.string('pension.name_empty').max(100, 'pension.not_registered').transform((s) => s.trim()).pipe(z.string().min(1, 'pension.name_empty')),
  ssn: z.string('pension.ssn_format').max(40, 'pension.ssn_format').transform((s) => s.trim()).pipe(z.string().min(1, 'pension.ssn_format')),
  captcha: z.string('captcha.required').max(16, 'captcha.required').transform((s) => s.trim()).pipe(z.string().min(1, 'captcha.required')),
  pow: z.string('pow.invalid').max(16, 'pow.invalid').optional(),
});
export type PensionSignIn = z.input<typeof PensionSignIn>;

/** What sign-in and 已登录统一身份认证？直接进入 (POST /api/pension/sso, body `{}`) answer, with the cookie. */
export const PensionSignedIn = z.strictObject({ retiree: PensionRetiree });
export type PensionSignedIn = z.infer<typeof PensionSignedIn>;

/** POST /api/pension/sign-out (body `{}`): `{}`. */
export const PensionSignedOut = z.strictObject({});

/**
 * POST /api/pension/certification/capture `{ consent: true }` → 201 the face challenge
 * (src/shared/api/face.ts FaceChallenge). Errors: pension.signed_out (401), pension.ineligible (403),
 * face.too_many_attempts (429: the page then names 社保经办服务大厅现场认证, 社区上门认证, 手机APP认证).
 */
export const PensionCapture = z.strictObject({ consent: FaceConsent });

/**
 * POST /api/pension/certification `{ nonce, frames }` (src/shared/api/face.ts FaceFrames) → the pass.
 * A failure answers as /api/account/real-name/face does: face.actions_not_done, face.no_match
 * (also for a spoof), face.environment (with `problems`), face.nonce_invalid, face.frames_invalid,
 * face.image_invalid.
 */
export const PensionCertified = z.strictObject({ result: z.literal('passed'), certifiedAt: Instant, nextDueAt: Instant });
export type PensionCertified = z.infer<typeof PensionCertified>;

/** One certification, newest first: 认证日期, 认证渠道, 认证结果, 下次认证到期日. */
export const PensionHistoryItem = z.strictObject({
  at: Instant,
  channel: PensionChannel,
  result: z.enum(['passed', 'failed']),
  reason: PensionFailureReason.nullable(),
  nextDueAt: Instant.nullable(),
});
export type PensionHistoryItem = z.infer<typeof PensionHistoryItem>;

/** GET /api/pension/results (认证结果查询): at most 50, newest first. */
export const PensionResults = z.strictObject({ retiree: PensionRetiree, history: z.array(PensionHistoryItem) });
export type PensionResults = z.infer<typeof PensionResults>;

/** GET /api/account/pension: the signed-in person's own, when their verified resident ID is a retiree's (else null and []). */
export const AccountPension = z.strictObject({ retiree: PensionRetiree.nullable(), history: z.array(PensionHistoryItem) });
export type AccountPension = z.infer<typeof AccountPension>;

/** POST /api/staff/pension/lookup `{ ssn }` (POST: a number does not belong in a URL). */
export const StaffPensionLookup = z.strictObject({
  ssn: z.string('pension.ssn_format').max(40, 'pension.ssn_format').transform((s) => s.trim()).pipe(z.string().min(1, 'pension.ssn_format')),
});
export const StaffPensionRetiree = PensionRetiree.extend({ id: z.string() });
export type StaffPensionRetiree = z.infer<typeof StaffPensionRetiree>;
export const StaffPensionLookedUp = z.strictObject({ retiree: StaffPensionRetiree.nullable() });
export type StaffPensionLookedUp = z.infer<typeof StaffPensionLookedUp>;

/** POST /api/staff/pension/certifications: 现场 or 社区 certification, the document seen. Refused pension.ineligible, pension.retiree_not_found, staff.self (the staff member is the retiree). */
export const StaffPensionRecord = z.strictObject({
  retireeId: z.uuid('pension.retiree_not_found'),
  channel: z.enum(['counter', 'community'], 'request.invalid'),
  place: z.string('request.invalid').max(100, 'request.invalid').transform((s) => s.trim()).pipe(z.string().min(2, 'request.invalid')),
  documentChecked: z.literal(true, 'request.invalid'),
  note: z.string('request.invalid').max(200, 'request.invalid').transform((s) => s.trim()).optional(),
});
export type StaffPensionRecord = z.input<typeof StaffPensionRecord>;
export const StaffPensionRecorded = z.strictObject({ certifiedAt: Instant, nextDueAt: Instant });

/** A calendar day, YYYY-MM-DD (the server's days are UTC+8, Asia/Shanghai). */
export const Day = z.string('pension.date_range').regex(/^\d{4}-\d{2}-\d{2}$/, 'pension.date_range');

/** GET /api/staff/pension/figures?from&to and figures.csv?from&to: at most 366 days, from ≤ to (else pension.date_range). */
export const PensionFiguresQuery = z.strictObject({ from: Day, to: Day });

const FailureCounts = z.strictObject({ actions_not_done: z.number().int(), no_match: z.number().int(), spoof: z.number().int(), environment: z.number().int() });
/** Counts by 参保地区 and status now (ineligible ones apart), and passes / failures by reason per day of the range. */
export const PensionFigures = z.strictObject({
  byRegion: z.array(z.strictObject({ region: z.string(), pending: z.number().int(), certified: z.number().int(), dueSoon: z.number().int(), overdue: z.number().int(), ineligible: z.number().int() })),
  daily: z.array(z.strictObject({ day: z.string(), passed: z.number().int(), failed: FailureCounts })),
});
export type PensionFigures = z.infer<typeof PensionFigures>;

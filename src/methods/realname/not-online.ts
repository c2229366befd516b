/**
 * Methods listed in '我要升级' that are not done by posting a form: Alipay (authorisation at
 * Alipay, routes/realname-alipay.ts) and the service-hall counter (recorded by staff,
 * routes/staff.ts). Face is ./face.ts.
 */
import { z } from 'zod';
import { AppError } from '../../shared/app-error.js';
import type { ErrorCode } from '../../shared/errors.js';
import { CHECKABLE_ID_TYPES, type MethodKind, type RealNameMethod } from './method.js';

const refuse = (code: ErrorCode) => async (): Promise<never> => {
  throw new AppError(code);
};

const notOnline = (id: string, level: RealNameMethod['level'], kind: MethodKind, validityDays: number | null, idTypes: readonly string[], code: ErrorCode): RealNameMethod<Record<string, never>> => ({
  id,
  level,
  kind,
  validityDays,
  idTypes,
  input: z.strictObject({}),
  verify: refuse(code),
});

export const alipay: RealNameMethod<Record<string, never>> = {
  ...notOnline('alipay', 'L3', 'redirect', 365, ['resident_id'], 'realname.redirect_only'),
  available: (ctx) => ctx.config.alipay.mode !== 'off',
};
export const counter = notOnline('counter', 'L5', 'counter', 3 * 365, [...CHECKABLE_ID_TYPES, 'hk_mo_travel_permit', 'tw_travel_permit', 'foreign_permanent_residence'], 'realname.counter_only');

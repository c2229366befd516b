/** Request validation with zod: unknown fields refused, every problem reported per field with a stable code. */
import { z } from 'zod';
import { isErrorCode, type ErrorCode } from '../shared/errors.js';
import { AppError } from './errors.js';

/**
 * Parses `input` with a strict object schema.
 * A refinement may put an error code in its message (`z.string().refine(f, 'phone.invalid')`);
 * anything else about a field is `request.invalid`.
 */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const res = schema.safeParse(input ?? {});
  if (res.success) return res.data;
  const fields: Record<string, ErrorCode> = {};
  for (const issue of res.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[key] ??= 'request.invalid';
      continue;
    }
    const key = issue.path.map(String).join('.') || '_';
    fields[key] ??= isErrorCode(issue.message) ? issue.message : 'request.invalid';
  }
  const codes = Object.values(fields);
  const single = codes.length === 1 && codes[0] !== 'request.invalid' ? codes[0] : undefined;
  throw new AppError(single ?? 'request.invalid', fields);
}

/** A bounded trimmed string: `text(64)`. */
export const text = (max: number, code: ErrorCode = 'request.invalid') =>
  z.string(code).max(max, code).transform((s) => s.trim());

/** The answer to a flow's picture code: required, bounded, trimmed. */
export const Captcha = text(16, 'captcha.required').pipe(z.string().min(1, 'captcha.required'));

/**
 * The solution of the captcha's proof of work (a decimal number), sent beside `captcha`. Optional
 * here so a missing picture code is still captcha.required; the captcha step refuses a missing one
 * with pow.required before it counts or uses up anything (src/flows/flow.ts).
 */
export const Pow = z.string('pow.invalid').max(16, 'pow.invalid').optional();

/**
 * A body that must be empty (`{}`), for steps that take nothing. Schemas are module constants: zod 4
 * compiles a schema's parser on first use, so one built per request pays that every time.
 */
export const EmptyBody = z.strictObject({});

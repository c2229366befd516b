/** Request validation with zod: unknown fields refused, every problem reported per field with a stable code. */
import { z } from 'zod';
import { validatePhone } from '../domain/index.js';
import { isErrorCode, type ErrorCode } from '../shared/errors.js';
import { AppError } from '../shared/app-error.js';

/**
 * Parses `input` with a strict object schema.
 * A refinement may put an error code in its message (`z.string().refine(f, 'phone.invalid')`);
 * anything else about a field is `request.invalid`.
 */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const at = controlCharacterAt(input);
  if (at !== undefined) throw new AppError('request.control_character', { [at]: 'request.control_character' });
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

/**
 * C0 and C1 control characters and DEL, and lone surrogates. No field a person types holds one (the SPA
 * has no multi-line input); PostgreSQL refuses NUL in text and a lone surrogate in jsonb (a business
 * system's OIDC settings answered 500 to one), and UTF-8 cannot carry the latter at all. So every parsed
 * body, query and path parameter is refused with `400 request.control_character` when any string or key
 * in it has one.
 */
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The path (`a.0.b`, `_` for the input itself) of the first string or key in `input` with a control character. */
export function controlCharacterAt(input: unknown): string | undefined {
  // A stack, not recursion, and paths built only for the one found: a 16 KiB body can nest
  // thousands of levels deep.
  type Node = { value: unknown; key?: string; parent?: Node };
  const pathOf = (node: Node | undefined, last?: string): string => {
    const keys = last === undefined ? [] : [last];
    for (let n = node; n?.key !== undefined; n = n.parent) keys.unshift(n.key);
    return keys.join('.') || '_';
  };
  const stack: Node[] = [{ value: input }];
  while (stack.length) {
    const node = stack.pop()!;
    if (typeof node.value === 'string') {
      if (CONTROL_CHARACTER.test(node.value)) return pathOf(node);
    } else if (typeof node.value === 'object' && node.value !== null) {
      for (const [key, value] of Object.entries(node.value)) {
        if (CONTROL_CHARACTER.test(key)) return pathOf(node, key);
        stack.push({ value, key, parent: node });
      }
    }
  }
  return undefined;
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

/** A mainland mobile number as typed (spaces, dashes, full-width digits allowed), normalised to its 11 digits. */
export const PhoneField = text(20, 'phone.invalid').transform((raw, ctx) => {
  const p = validatePhone(raw);
  if (!p.ok) {
    ctx.addIssue({ code: 'custom', message: 'phone.invalid' });
    return z.NEVER;
  }
  return p.value;
});

/**
 * A body that must be empty (`{}`), for steps that take nothing. Schemas are module constants: zod 4
 * compiles a schema's parser on first use, so one built per request pays that every time.
 */
export const EmptyBody = z.strictObject({});

/**
 * The one nickname rule (昵称, seed 002 §2.1 registration and §2.4 the account centre): NFKC-folded
 * and trimmed, 1–20 characters of letters (Han included), digits and the joiners `_ · . -` and
 * space, starting with a letter or digit; no control, format or other symbols. Error `nickname.invalid`.
 */
export const NICKNAME_MAX_LENGTH = 20;
export const NICKNAME = /^[\p{L}\p{N}][\p{L}\p{N}_·.\- ]{0,19}$/u;

/** The nickname as stored, or undefined when it is not one. */
export function normaliseNickname(raw: string): string | undefined {
  const v = raw.normalize('NFKC').trim();
  return NICKNAME.test(v) ? v : undefined;
}

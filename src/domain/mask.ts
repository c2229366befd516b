// Display masking of personal data (phone, ID number, bank card, name, e-mail); never throws.

// All helpers count Unicode code points, so names with rare (astral) characters mask correctly.
// Shared rule: a head/tail is revealed only when at least MIN_HIDDEN characters stay hidden;
// otherwise every character is replaced by '*'.
const MIN_HIDDEN = 4;

function stars(n: number): string {
  return '*'.repeat(Math.max(0, n));
}

function keepEnds(value: string, head: number, tail: number): string {
  const chars = Array.from(value);
  const hidden = chars.length - head - tail;
  if (hidden < MIN_HIDDEN) return stars(chars.length);
  return chars.slice(0, head).join('') + stars(hidden) + chars.slice(chars.length - tail).join('');
}

function compact(value: string): string {
  return String(value ?? '').replace(/\s+/gu, '');
}

/**
 * Masks a phone number: first 3 and last 4 kept (whitespace/dashes removed first).
 * Example: `maskPhone('18512340901')` → `'185****0901'`; `maskPhone('12345')` → `'*****'`.
 */
export function maskPhone(phone: string): string {
  return keepEnds(compact(phone).replace(/-/gu, ''), 3, 4);
}

/**
 * Masks an ID document number: first 4 and last 4 kept, the middle replaced one-for-one by '*'.
 * Numbers shorter than 12 characters (e.g. travel permits) are masked fully.
 * Example: `maskIdNumber('440101199001011234')` → `'4401**********1234'`.
 */
export function maskIdNumber(idNumber: string): string {
  return keepEnds(compact(idNumber), 4, 4);
}

/**
 * Masks a bank card number: first 4 and last 4 kept (spaces removed first).
 * Example: `maskBankCard('6222 0212 3456 7890 128')` → `'6222***********0128'`.
 */
export function maskBankCard(cardNumber: string): string {
  return keepEnds(compact(cardNumber).replace(/-/gu, ''), 4, 4);
}

/**
 * Masks a personal name (common Chinese rule): 1 char → '*'; 2 chars → '*' + last;
 * longer → first + '*' per hidden char + last.
 * Example: `maskName('张三')` → `'*三'`; `maskName('张三丰')` → `'张*丰'`; `maskName('欧阳娜娜')` → `'欧**娜'`.
 */
export function maskName(name: string): string {
  const chars = Array.from(String(name ?? '').trim());
  if (chars.length <= 1) return stars(chars.length);
  if (chars.length === 2) return `*${chars[1] ?? ''}`;
  return `${chars[0] ?? ''}${stars(chars.length - 2)}${chars[chars.length - 1] ?? ''}`;
}

/**
 * Masks an e-mail address: first character of the local part kept, the rest of it starred, domain kept.
 * Input without a usable '@' is masked fully.
 * Example: `maskEmail('zhangsan@example.com')` → `'z*******@example.com'`; `maskEmail('a@b.cn')` → `'*@b.cn'`.
 */
export function maskEmail(email: string): string {
  const value = compact(email);
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return stars(Array.from(value).length);
  const local = Array.from(value.slice(0, at));
  const domain = value.slice(at);
  if (local.length === 1) return `*${domain}`;
  return `${local[0] ?? ''}${stars(local.length - 1)}${domain}`;
}

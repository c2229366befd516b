// Identity assurance levels L1-L5 and derivation of an account's level from its verification evidence.
import type { Lang } from '../shared/errors.js';

/** Identity assurance level, L1 (lowest) to L5 (highest). */
export type AssuranceLevel = 'L1' | 'L2' | 'L3' | 'L4' | 'L5';

/**
 * All levels, lowest first.
 * Example: `LEVELS[LEVELS.length - 1]` → `'L5'`.
 */
export const LEVELS: readonly AssuranceLevel[] = ['L1', 'L2', 'L3', 'L4', 'L5'];

/**
 * Display names per language, the same words as the SPA's catalog (web/src/i18n, `level.L*`).
 * Example: `ASSURANCE_LEVEL_LABELS.L3['zh-CN']` → `'身份已核验'`.
 */
export const ASSURANCE_LEVEL_LABELS: Readonly<Record<AssuranceLevel, Readonly<Record<Lang, string>>>> = {
  L1: { 'zh-CN': '已注册', 'en-US': 'Registered' },
  L2: { 'zh-CN': '身份已声明', 'en-US': 'Identity declared' },
  L3: { 'zh-CN': '身份已核验', 'en-US': 'Identity verified' },
  L4: { 'zh-CN': '真人已核验', 'en-US': 'Real person verified' },
  L5: { 'zh-CN': '现场或数字证书认证', 'en-US': 'Verified in person or by certificate' },
};

/**
 * Type guard for untrusted input.
 * Example: `isAssuranceLevel('L6')` → `false`.
 */
export function isAssuranceLevel(value: unknown): value is AssuranceLevel {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}

/**
 * Numeric rank of a level, 1..5.
 * Example: `levelRank('L3')` → `3`.
 */
export function levelRank(level: AssuranceLevel): number {
  return LEVELS.indexOf(level) + 1;
}

/**
 * True when `level` meets or exceeds `required`.
 * Example: `atLeast('L4', 'L3')` → `true`; `atLeast('L2', 'L3')` → `false`.
 */
export function atLeast(level: AssuranceLevel, required: AssuranceLevel): boolean {
  return levelRank(level) >= levelRank(required);
}

/** One piece of verification evidence. */
export interface AssuranceEvidence {
  level: AssuranceLevel;
  result: 'pass' | 'fail';
  /** Evidence stops counting at this instant (exclusive); null = never expires. */
  expiresAt: Date | null;
  /** Any non-null value means revoked, whatever the timestamp. */
  revokedAt: Date | null;
}

/**
 * The highest level among evidence that passed, has not expired (`expiresAt > now`) and was never
 * revoked; 'L1' when there is none.
 * Example: `deriveLevel([{ level: 'L3', result: 'pass', expiresAt: null, revokedAt: null }], new Date())` → `'L3'`.
 */
export function deriveLevel(evidence: readonly AssuranceEvidence[], now: Date): AssuranceLevel {
  let best: AssuranceLevel = 'L1';
  for (const item of evidence) {
    if (item.result !== 'pass' || item.revokedAt !== null) continue;
    if (item.expiresAt !== null && item.expiresAt.getTime() <= now.getTime()) continue;
    if (levelRank(item.level) > levelRank(best)) best = item.level;
  }
  return best;
}

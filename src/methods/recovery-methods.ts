/**
 * The methods of 忘记密码's 验证身份 step, as the registry holds them (ctx.methods: a person's
 * security questions, ID number + SMS code and 银行卡验证; an org's security questions, in the order
 * src/methods/index.ts registers them, which is the order the page offers them). Registry methods
 * with purpose `recovery` that also say what the recovery flow asks of them (RecoveryMethod); the
 * flow asks them for their records and the routes mount their steps, so a new recovery method is
 * one folder and its line in src/methods/index.ts.
 */
import type { MethodRegistry, Method } from './registry.js';
import type { RecoveryMethod } from './recovery-step.js';

export const isRecoveryMethod = (m: Method): m is RecoveryMethod => 'recovery' in m && typeof (m as RecoveryMethod).recovery === 'object';

/** Every recovery method (both account kinds): what the routes mount. */
export const recoveryMethodsIn = (registry: MethodRegistry): RecoveryMethod[] => registry.serving('recovery').filter(isRecoveryMethod);

/** The recovery methods for an account kind (a method without `accountKinds` is a person's). */
export const recoveryMethodsFor = (registry: MethodRegistry, kind: 'person' | 'org'): RecoveryMethod[] => registry.forPurpose('recovery', kind).filter(isRecoveryMethod);

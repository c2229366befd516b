/**
 * The methods every node offers (sign-in, recovery, real-name): one list, registered on
 * ctx.methods when the context is built (src/bootstrap.ts). A new method is its folder here plus
 * one line below; flows and routes find it through the registry.
 */
import { bank4 } from './bank4/recovery.js';
import { cert } from '../certs/method.js';
import { orgSecurityQuestions } from './org-security-questions/recovery.js';
import { password } from './password/method.js';
import { qr } from './qr/method.js';
import { realNameMethods } from './realname/registry-methods.js';
import { MethodRegistry, type Method } from './registry.js';
import { securityQuestions } from './security-questions/recovery.js';
import { sms } from './sms/method.js';

/**
 * Each purpose lists its methods in this order: sign-in password, sms, qr, cert (账号密码登录, 短信登录,
 * 扫码登录, 数字证书登录); recovery face, security_questions, sms, bank4, org_security_questions (the 验证身份
 * tabs; seed 000 lists 刷脸认证找回 first: the face method's `rank` puts it there); real-name
 * id_card, bank4, then the rest of the '我要升级' list (src/methods/realname/index.ts).
 *
 * 刷脸认证找回 and 人脸识别认证 are one registry method, `face`, serving both purposes (like 银行卡验证,
 * `bank4`): it comes with the real-name methods, in the '我要升级' order.
 */
export const defaultMethods = (): Method[] => {
  const [idCard, ...otherRealName] = realNameMethods.filter((m) => m !== bank4);
  return [password, securityQuestions, sms, idCard!, bank4, orgSecurityQuestions, qr, cert, ...otherRealName];
};

/** A registry holding the default methods; callers (tests) may register more before the routes are mounted. */
export function defaultRegistry(): MethodRegistry {
  const registry = new MethodRegistry();
  for (const method of defaultMethods()) registry.register(method);
  return registry;
}

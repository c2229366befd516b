/**
 * The real-name methods (./index.ts REAL_NAME_METHODS, the '我要升级' list) as registry methods
 * (src/methods/registry.ts) with purpose `real_name`; 银行卡验证 (`bank4`) is the recovery method's
 * own object — it serves both purposes — so src/methods/index.ts registers it once.
 *
 * Their HTTP steps stay where they are (`/api/account/real-name/:method…`, routes/realname.ts,
 * the Alipay callback, the counter's staff routes): they are the signed-in person's, not a flow's
 * `/api/flows/<kind>/:id/<step>`, and they take the method by id; each outcome is recorded
 * through the one completion point (./complete.ts).
 */
import { bank4 } from '../bank4/recovery.js';
import { faceMethod } from '../face/recovery.js';
import type { Method, MethodKind } from '../registry.js';
import { REAL_NAME_METHODS } from './index.js';
import type { MethodKind as RealNameKind, RealNameMethod, RealNameRegistryMethod } from './method.js';

/** A real-name method's kind in the registry's terms (face is a multi-frame capture). */
const KIND_OF: Record<RealNameKind, MethodKind> = { form: 'form', sms_form: 'code_then_form', redirect: 'redirect', capture: 'capture', counter: 'counter', coming_soon: 'form' };


function asRegistryMethod(m: RealNameMethod<any>): Method {
  // 银行卡验证 is one method for recovery and real-name: its recovery object carries this strategy.
  if (m.id === bank4.id) return bank4;
  // So is face: 刷脸认证找回 and 人脸识别认证.
  if (m.id === faceMethod.id) return faceMethod;
  const method: RealNameRegistryMethod = { id: m.id, kind: KIND_OF[m.kind], purposes: ['real_name'], steps: {}, realName: m };
  return method;
}

/** In the '我要升级' order. */
export const realNameMethods: readonly Method[] = REAL_NAME_METHODS.map(asRegistryMethod);

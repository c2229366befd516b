/**
 * The real-name strategies as the registry (ctx.methods) holds them: what the real-name routes
 * list and run. Types only from the registry, so a method's own module may import it.
 */
import type { Method, MethodRegistry } from '../registry.js';
import type { RealNameMethod, RealNameRegistryMethod } from './method.js';

const isRealName = (m: Method): m is RealNameRegistryMethod => 'realName' in m && typeof (m as RealNameRegistryMethod).realName === 'object';

/** The real-name strategies a registry offers, in its order (the '我要升级' list). */
export const realNameStrategies = (registry: MethodRegistry): RealNameMethod<any>[] => registry.forPurpose('real_name').filter(isRealName).map((m) => m.realName);

/** The real-name strategy a path names, if the registry has it. */
export const findRealNameMethod = (registry: MethodRegistry, id: string): RealNameMethod<any> | undefined => {
  const m = registry.get(id);
  return m && m.purposes.includes('real_name') && isRealName(m) ? m.realName : undefined;
};

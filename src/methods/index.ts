/**
 * The methods every node offers, in the order the login page lists them: one list, registered on
 * ctx.methods when the context is built (src/bootstrap.ts). A new method is its folder here plus
 * one line below; flows and routes find it through the registry.
 */
import { password } from './password/method.js';
import { qr } from './qr/method.js';
import { MethodRegistry, type Method } from './registry.js';
import { sms } from './sms/method.js';

export const defaultMethods = (): Method[] => [password, sms, qr];

/** A registry holding the default methods; callers (tests) may register more before the routes are mounted. */
export function defaultRegistry(): MethodRegistry {
  const registry = new MethodRegistry();
  for (const method of defaultMethods()) registry.register(method);
  return registry;
}

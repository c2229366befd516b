/** Every real-name method Shenfen offers, in the order the '我要升级' list shows them. */
import { idCard } from './id-card.js';
import type { RealNameMethod } from './method.js';

export const REAL_NAME_METHODS: readonly RealNameMethod<any>[] = [idCard];

export function findMethod(id: string): RealNameMethod<any> | undefined {
  return REAL_NAME_METHODS.find((m) => m.id === id);
}

// Which help lines apply here: the parts of Shenfen that GET /api/meta says this deployment offers.
import type { Meta } from '../../types';
import type { HelpCondition } from './text';

export type HelpConditions = Record<HelpCondition, boolean>;

export function conditionsOf(meta: Meta): HelpConditions {
  // As the login and registration pages read them (an older server names no styles: username only).
  const styles = meta.registration.personStyles ?? ['username'];
  const person = meta.registration.person;
  const bank = meta.registration.check === 'bank4';
  return {
    usernameRegistration: person && styles.includes('username'),
    phoneRegistration: person && styles.includes('phone'),
    noPersonRegistration: !person,
    bankCheck: bank,
    declaredCheck: !bank,
    smsLogin: meta.loginMethods.person.includes('sms'),
  };
}

/** The lines (or sections) that apply: those without a condition, and those whose condition holds. */
export function applicable<T extends { when?: HelpCondition }>(items: readonly T[], on: HelpConditions): T[] {
  return items.filter((item) => !item.when || on[item.when]);
}

/** `{lockMinutes}` → the number from /api/meta. */
export function fill(text: string, vars: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in vars ? String(vars[key]) : whole));
}

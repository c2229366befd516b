/** The method registry's rules (src/methods/registry.ts): what it lists per purpose and account kind, and what it refuses to register. */
import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../src/methods/index.js';
import { MethodRegistry, type Method, type MethodStep } from '../../src/methods/registry.js';

const step = (name: string, verb?: 'GET' | 'POST'): MethodStep => ({ name, ...(verb ? { verb } : {}), run: async () => ({ answer: {} }) });
const method = (id: string, steps: MethodStep[], extra: Partial<Method> = {}): Method => ({ id, kind: 'form', purposes: ['sign_in'], steps: { sign_in: steps }, ...extra });

describe('the method registry', () => {
  it('holds the default sign-in methods in the order the login page lists them, per account kind', () => {
    const registry = defaultRegistry();
    expect(registry.forPurpose('sign_in').map((m) => m.id)).toEqual(['password', 'sms', 'qr', 'cert']);
    expect(registry.forPurpose('sign_in', 'org').map((m) => m.id)).toEqual(['password', 'cert']);
    expect(registry.get('password')!.steps.sign_in!.map((s) => s.name)).toEqual(['password', 'org-password']);
    expect(registry.get('qr')!.steps.sign_in!.map((s) => `${s.verb ?? 'POST'} ${s.name}`)).toEqual(['POST qr', 'GET qr']);
  });

  it('refuses a method registered twice, steps for a purpose it does not serve, and a step path another method has', () => {
    const registry = new MethodRegistry().register(method('a', [step('go'), step('go', 'GET')]));
    expect(() => registry.register(method('a', [step('other')]))).toThrow(/registered twice/);
    expect(() => registry.register({ ...method('b', []), steps: { recovery: [step('x')] } })).toThrow(/does not serve/);
    expect(() => registry.register(method('c', [step('go')]))).toThrow(/POST go of sign_in is taken/);
    expect(() => registry.register(method('d', [step('twice'), step('twice')]))).toThrow(/taken/);
    // A refused method is not half-registered; the same name for another purpose is another route.
    registry.register(method('e', [step('go-too')]));
    registry.register({ id: 'f', kind: 'form', purposes: ['recovery'], steps: { recovery: [step('go')] } });
    expect(registry.all().map((m) => m.id)).toEqual(['a', 'e', 'f']);
    expect(registry.serving('recovery').map((m) => m.id)).toEqual(['f']);
  });

  it('refuses a method registered once the routes are mounted (it would be listed and unreachable)', () => {
    const registry = new MethodRegistry().register(method('a', [step('go')]));
    registry.seal();
    expect(() => registry.register(method('late', [step('late')]))).toThrow(/after the routes were mounted/);
    expect(registry.all().map((m) => m.id)).toEqual(['a']);
  });
});

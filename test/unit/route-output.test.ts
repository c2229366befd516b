/**
 * Every /api route declares what it answers (`config.output`, src/http/route-output.ts); in
 * development and test an answer that does not match is logged and refused (500), a route without a
 * declaration stops the app, and in production nothing is checked.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { AppContext } from '../../src/context.js';
import { installErrorHandlers } from '../../src/http/errors.js';
import { enforceOutputs, outputMismatch } from '../../src/http/route-output.js';
import { AppError } from '../../src/shared/app-error.js';

const Answer = z.strictObject({ name: z.string(), at: z.iso.datetime() });
const ctxIn = (mode: 'development' | 'production') => ({ config: { mode } }) as unknown as AppContext;

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  vi.restoreAllMocks();
});

function appWith(mode: 'development' | 'production', answer: () => unknown): FastifyInstance {
  app = Fastify();
  installErrorHandlers(app);
  enforceOutputs(app, ctxIn(mode));
  app.get('/api/thing', { config: { output: { 200: Answer } } }, async () => answer());
  app.post('/api/thing', { config: { output: { 204: null } } }, async (_req, reply) => reply.status(204).send());
  app.get('/api/refused', { config: { output: { 200: Answer } } }, async () => {
    throw new AppError('request.not_found');
  });
  return app;
}

describe('declared outputs', () => {
  it('lets an answer that matches its declaration through unchanged', async () => {
    const res = await appWith('development', () => ({ name: 'a', at: new Date(0) })).inject({ method: 'GET', url: '/api/thing' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ name: 'a', at: '1970-01-01T00:00:00.000Z' });
  });

  it('refuses, with 500 server.internal, an answer with a field the declaration does not have', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await appWith('development', () => ({ name: 'a', at: new Date(0), secret: 'x' })).inject({ method: 'GET', url: '/api/thing' });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('server.internal');
    expect(res.body).not.toContain('secret');
    expect(logged.mock.calls.flat().join(' ')).toMatch(/GET \/api\/thing → 200: .*secret/);
  });

  it('refuses an answer whose field has the wrong type', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await appWith('development', () => ({ name: 42, at: new Date(0) })).inject({ method: 'GET', url: '/api/thing' });
    expect(res.statusCode).toBe(500);
  });

  it('checks error answers against the one error body, and lets a declared 204 through', async () => {
    const a = appWith('development', () => ({}));
    const refused = await a.inject({ method: 'GET', url: '/api/refused' });
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.code).toBe('request.not_found');
    expect((await a.inject({ method: 'POST', url: '/api/thing', payload: {} })).statusCode).toBe(204);
  });

  it('checks nothing in production', async () => {
    const res = await appWith('production', () => ({ name: 42 })).inject({ method: 'GET', url: '/api/thing' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ name: 42 });
  });

  it('stops the app at start-up when an /api route declares no output (only in development and test)', async () => {
    app = Fastify();
    enforceOutputs(app, ctxIn('development'));
    expect(() => app!.get('/api/forgotten', async () => ({}))).toThrow(/must declare what it answers/);
    app.get('/not-api', async () => ({}));
  });

  it('names what is wrong: an undeclared status, a body where none is declared, a bad error body', () => {
    expect(outputMismatch({ 200: Answer }, 201, '{}')).toBe('status 201 is not declared');
    expect(outputMismatch({ 204: null }, 204, '{"a":1}')).toBe('a body where none is declared');
    expect(outputMismatch({ 200: Answer }, 400, '{"message":"x"}')).toMatch(/error/);
    expect(outputMismatch({ 200: Answer }, 400, JSON.stringify({ error: { code: 'request.invalid', message: '请求内容有误' } }))).toBeUndefined();
  });
});

/**
 * One registry of the ways to prove who someone is (issue 23; docs/architecture.md).
 *
 * A method — password, SMS code, 扫码登录, security questions, 银行卡验证, ID card and the other
 * authorities, Alipay, the counter, and later face, certificates, upstream identity providers and
 * second factors — says what it is (`id`, `kind`), which purposes it serves, and per purpose the
 * HTTP steps it takes on a flow. A step either answers (a code was sent, a QR code to show) or
 * passes, and a pass is handed to the one completion point of its purpose:
 *
 *   sign_in    flow step + login history + audit + old session ended + new session, one statement
 *   recovery   the verification record on the flow, then the reset
 *   reauth     the 身份验证 window on the session
 *   real_name  evidence + level
 *
 * Flows never branch on a method's id: they ask the registry which methods serve their purpose,
 * and their steps ask for the verification records they need (src/methods/records.ts).
 * Modelled on Ory Kratos's strategies (selfservice/flow/login/strategy.go) and Logto's
 * verification classes (experience/classes/verifications/).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RawBuilder } from 'kysely';
import type { z } from 'zod';
import type { AccountSummary } from '../accounts/accounts.js';
import type { AppContext } from '../context.js';
import type { AssuranceLevel } from '../domain/index.js';
import type { Flow } from '../flows/flow.js';
import type { ErrorCode } from '../shared/errors.js';
import type { EvidenceInput } from './realname/evidence.js';

export const PURPOSES = ['sign_in', 'second_factor', 'reauth', 'recovery', 'real_name', 'binding'] as const;
/** What a verification is for. */
export type Purpose = (typeof PURPOSES)[number];

/**
 * How the person proves it:
 * - `form`: one form, checked at once (password, ID card, security questions);
 * - `code_then_form`: a code is sent, then typed (SMS login, bank card, 银行卡验证);
 * - `redirect`: authorisation at a provider that sends the person back (Alipay, upstream IdPs);
 * - `signed_challenge`: a challenge signed elsewhere (扫码登录 on the phone, a certificate's UKey);
 * - `capture`: a multi-frame capture checked on the server (face);
 * - `counter`: staff at a service-hall counter record it.
 */
export const METHOD_KINDS = ['form', 'code_then_form', 'redirect', 'signed_challenge', 'capture', 'counter'] as const;
export type MethodKind = (typeof METHOD_KINDS)[number];

/** What a passing verification yields, for its purpose's completion point. */
export interface Pass {
  /** The account proved (sign-in, recovery); absent when the account was known before (real-name, reauth). */
  accountId?: string;
  /** Real-name evidence to record with the pass. */
  evidence?: EvidenceInput;
  /** The method references the session carries (sessions.auth_methods: 'password', 'sms', 'qr', …). */
  amr: string[];
  /** The assurance level the pass is evidence for (real-name). */
  level?: AssuranceLevel;
  /**
   * CTEs the completion statement must include, so the pass and its record are written together
   * (the login attempt's history, audit and lifted guards: audit.ts loginAttemptCtes).
   */
  record?: RawBuilder<unknown>;
  /**
   * A CTE of `record`, by name, that must return a row for the completion to happen: the pass is
   * used up in the completion's own statement (扫码登录's ticket, `qr_used`), so a pass raced by
   * another completes at most once. The flow step waits for it; so must `record`'s history.
   */
  consumes?: string;
  /** What is refused when the completion does not happen (default flow.wrong_state: the flow moved on). */
  refusal?: ErrorCode;
  /** The account's summary when the step read it anyway (sign-in answers with it; else it is read). */
  account?: AccountSummary;
  /** What the step adds to its completion's answer (扫码登录's poll: `state: 'approved'`). */
  answer?: Record<string, unknown>;
}

/** What a step is given. */
export interface StepInput<B> {
  ctx: AppContext;
  req: FastifyRequest;
  reply: FastifyReply;
  /** The flow's id as the path names it (the step loads or takes the flow itself: captcha steps take it with the captcha in one statement). */
  flowId: string;
  body: B;
}

/** A step either answers (the flow goes on) or passes (the purpose's completion point finishes the flow). */
export type StepOutcome = { answer: Record<string, unknown> } | { pass: Pass; flow: Flow; from: string };

export interface MethodStep<B = any> {
  /** The last segment of the step's path: `/api/flows/<flow kind>/:id/<name>`. */
  name: string;
  verb?: 'POST' | 'GET';
  /** The body the step reads (validated by the route before `run`). */
  body?: z.ZodType<B>;
  /**
   * What the step answers (200), from src/shared/api/: declared on its route (config.output) and
   * checked in development and test. Omitted: the purpose's answer to a pass (sign-in: SignedIn;
   * recovery: the flow) — the step only passes or fails.
   */
  output?: z.ZodType;
  /** The route's body limit when the step takes more than the default (a face capture's frames). */
  bodyLimit?: (ctx: AppContext) => number;
  run(input: StepInput<B>): Promise<StepOutcome>;
}

export interface Method {
  /** Stable id: in paths, login history, audit and evidence. */
  id: string;
  kind: MethodKind;
  purposes: readonly Purpose[];
  /** The account kinds it proves (default person). */
  accountKinds?: readonly ('person' | 'org')[];
  /** Its HTTP steps, per purpose. */
  steps: Partial<Record<Purpose, readonly MethodStep[]>>;
  /**
   * Sign-in: whether the login flow draws its captcha when it starts (default true). 扫码登录 has
   * none: the flow started for it (`POST /api/flows/login { method }`) draws no picture.
   */
  startsWithCaptcha?: boolean;
  /**
   * Where the method stands in a purpose's list when not in the order registered (lower first,
   * default 0): face is registered with the real-name methods but is the first way of recovery.
   */
  rank?: Partial<Record<Purpose, number>>;
}

const pathOf = (step: MethodStep) => `${step.verb ?? 'POST'} ${step.name}`;

/** The methods this node offers; built once in bootstrap (defaults) and extendable before the routes are mounted. */
export class MethodRegistry {
  readonly #methods = new Map<string, Method>();
  #sealed = false;

  register(method: Method): this {
    // Routes are mounted from the registry once (buildApp): a method added later would be listed but unreachable.
    if (this.#sealed) throw new Error(`method ${method.id} is registered after the routes were mounted`);
    if (this.#methods.has(method.id)) throw new Error(`method ${method.id} is registered twice`);
    for (const p of Object.keys(method.steps)) {
      if (!method.purposes.includes(p as Purpose)) throw new Error(`method ${method.id} has steps for ${p}, a purpose it does not serve`);
    }
    // Steps of one purpose share the flow's paths: two with the same name and verb would be one route.
    for (const [purpose, steps] of Object.entries(method.steps) as [Purpose, readonly MethodStep[]][]) {
      const taken = new Set(this.serving(purpose).flatMap((m) => (m.steps[purpose] ?? []).map(pathOf)));
      for (const step of steps) {
        if (taken.has(pathOf(step))) throw new Error(`method ${method.id}: step ${pathOf(step)} of ${purpose} is taken`);
        taken.add(pathOf(step));
      }
    }
    this.#methods.set(method.id, method);
    return this;
  }

  /** No more methods: the routes are being mounted from what is here (src/http/app.ts buildApp). */
  seal(): this {
    this.#sealed = true;
    return this;
  }

  get(id: string): Method | undefined {
    return this.#methods.get(id);
  }

  /** Every method, in the order registered. */
  all(): Method[] {
    return [...this.#methods.values()];
  }

  /** The methods serving a purpose for any account kind (what the routes mount). */
  serving(purpose: Purpose): Method[] {
    return this.all().filter((m) => m.purposes.includes(purpose));
  }

  /** The methods serving a purpose, in the order they were registered unless ranked (the order pages list them). */
  forPurpose(purpose: Purpose, accountKind: 'person' | 'org' = 'person'): Method[] {
    const rank = (m: Method) => m.rank?.[purpose] ?? 0;
    // Array.prototype.sort is stable: equal ranks keep the registration order.
    return this.serving(purpose)
      .filter((m) => (m.accountKinds ?? ['person']).includes(accountKind))
      .sort((a, b) => rank(a) - rank(b));
  }
}

/*
 * ctx.methods, declared here rather than in context.ts: the contract above needs AppContext, and
 * context.ts importing this module back would make an import circle (issue 23 wants none).
 */
declare module '../context.js' {
  interface AppContext {
    /** The ways to prove who someone is on this node (src/methods/index.ts defaultMethods, and what tests add). */
    methods: MethodRegistry;
  }
}

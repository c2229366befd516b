/**
 * The rate limits and their defaults: what src/security/rate-limit.ts counts, and what a deployment
 * may override (`Config.limits`). Kept apart from the counting, which needs the context, because
 * the configuration the context holds is built from these.
 */

export interface Limit {
  max: number;
  windowSeconds: number;
}

/** Defaults; `Config.limits` may override them per deployment. */
export const DEFAULT_LIMITS = {
  captchaPerIp: { max: 60, windowSeconds: 60 },
  // The accessible captcha (no picture, a costlier proof of work): fewer, per IP and per flow.
  captchaAccessiblePerIp: { max: 20, windowSeconds: 3600 },
  captchaAccessiblePerFlow: { max: 5, windowSeconds: 3600 },
  flowPerIp: { max: 60, windowSeconds: 60 },
  loginPerIp: { max: 30, windowSeconds: 60 },
  registrationPerIp: { max: 30, windowSeconds: 60 },
  // Each username, ID number or USCC typed at registration, taken or free (its "taken" answer costs a captcha too).
  registrationPerIdentifier: { max: 10, windowSeconds: 3600 },
  // SMS pumping and bombing: codes per number, per IP and per number prefix (HLR block) a day.
  otpPerDestination: { max: 10, windowSeconds: 24 * 3600 },
  otpPerIp: { max: 30, windowSeconds: 24 * 3600 },
  otpPerPrefix: { max: 300, windowSeconds: 24 * 3600 },
  // Codes sent to a number nobody typed (忘记密码 by ID number: the account's phone), per number a day;
  // past it nothing is sent and the answer stays the same (src/flows/sms-code.ts).
  otpSentToAccountPhone: { max: 10, windowSeconds: 24 * 3600 },
  // Real-name checks are costly and guessable: a few per person a day, more per IP an hour.
  realNamePerAccount: { max: 5, windowSeconds: 24 * 3600 },
  realNamePerIp: { max: 30, windowSeconds: 3600 },
  // Recovery and reminders (issue 5): per IP, and per account identifier so one account is not ground at.
  recoveryPerIp: { max: 30, windowSeconds: 3600 },
  recoveryPerAccount: { max: 10, windowSeconds: 3600 },
  usernameReminderPerIp: { max: 20, windowSeconds: 3600 },
  // Business systems' back ends validate every sign-in from one address, so this is high.
  casValidatePerIp: { max: 1200, windowSeconds: 60 },
  // Account centre: password re-checks are guessable; mail costs and can bomb a mailbox.
  reauthPerAccount: { max: 10, windowSeconds: 15 * 60 },
  reauthPerIp: { max: 60, windowSeconds: 15 * 60 },
  mailPerAccount: { max: 10, windowSeconds: 24 * 3600 },
  mailPerDestination: { max: 5, windowSeconds: 24 * 3600 },
  mailPerIp: { max: 30, windowSeconds: 24 * 3600 },
  emailActivationPerIp: { max: 30, windowSeconds: 60 },
  accountWritePerAccount: { max: 120, windowSeconds: 3600 },
  // Orgs (src/orgs): registry checks and binding requests are costly or guessable.
  orgRegistrationPerAccount: { max: 10, windowSeconds: 24 * 3600 },
  orgInvitePerOrg: { max: 50, windowSeconds: 24 * 3600 },
  orgNameChangePerOrg: { max: 5, windowSeconds: 24 * 3600 },
  orgRecoveryPerIp: { max: 5, windowSeconds: 3600 },
  // 扫码登录: new QR codes and the phone's steps; the login page polls every two seconds (offices share an IP).
  qrPerIp: { max: 30, windowSeconds: 60 },
  // 数字证书登录: challenges and signed answers per IP (each answer may verify a chain and fetch a CRL); bindings per account.
  certPerIp: { max: 30, windowSeconds: 60 },
  certBindPerAccount: { max: 20, windowSeconds: 3600 },
  qrPollPerIp: { max: 600, windowSeconds: 60 },
  // 个人年度资格认证 (issue 14): name + number guesses per IP and per number typed (known or not), staff lookups.
  pensionSignInPerIp: { max: 30, windowSeconds: 3600 },
  pensionSignInPerNumber: { max: 10, windowSeconds: 3600 },
  pensionStaffPerAccount: { max: 300, windowSeconds: 3600 },
} satisfies Record<string, Limit>;

export type LimitName = keyof typeof DEFAULT_LIMITS;

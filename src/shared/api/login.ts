/**
 * The login flow's answers (src/http/routes/login.ts, sms-login.ts, qr-login.ts, org-login.ts):
 * start, the sign-ins, the SMS code, 扫码登录 on the computer and on the phone, and the org a
 * session acts for.
 */
import { z } from 'zod';
import { Instant, SentCode } from './common.js';
import { LoginFlowView } from './flows.js';
import { Account, SessionTimes, SignedIn } from './session.js';

/** POST /api/flows/login (201). */
export const LoginStarted = z.strictObject({ flow: LoginFlowView });
/** POST /api/flows/login/:id/sms-code: the same answer for every number. */
export const LoginCodeSent = z.strictObject({ sent: SentCode });

/** The QR code the computer shows (the picture drawn by the server, as a data: URI). */
export const QrCode = z.strictObject({ svg: z.string(), url: z.string(), expiresAt: Instant });
export type QrCode = z.infer<typeof QrCode>;
export const QrIssued = z.strictObject({ qr: QrCode });

export const QrState = z.enum(['pending', 'scanned', 'expired', 'cancelled']);
export type QrState = z.infer<typeof QrState>;
/** GET /api/flows/login/:id/qr: the code's state; the poll that finds it approved signs this browser in. */
export const QrPoll = z.union([
  z.strictObject({ state: QrState }),
  z.strictObject({ state: z.literal('approved'), account: Account, session: SessionTimes, csrfToken: z.string() }),
]);
export type QrPoll = z.infer<typeof QrPoll>;

/** What the phone shows before its owner confirms: device, place (the IP only) and service. */
export const QrTicketDetails = z.strictObject({
  device: z.strictObject({ browser: z.string().nullable(), os: z.string().nullable() }),
  place: z.strictObject({ ip: z.string().nullable() }),
  service: z.string(),
  createdAt: Instant,
  expiresAt: Instant,
});
export type QrTicketDetails = z.infer<typeof QrTicketDetails>;
export const QrScanned = z.strictObject({ ticket: QrTicketDetails });
export const QrConfirmed = z.strictObject({ state: z.literal('approved') });
export const QrCancelled = z.strictObject({ state: z.literal('cancelled') });

export const OrgRole = z.enum(['org', 'legal_rep', 'admin', 'agent']);
export type OrgRole = z.infer<typeof OrgRole>;
const ActingOrg = z.strictObject({ orgId: z.string(), uscc: z.string(), name: z.string(), role: OrgRole });
/** GET /api/session/acting: the org this session acts for (or the org signed in), and the orgs the person may choose. */
export const ActingState = z.strictObject({ kind: z.enum(['person', 'org']), actingFor: ActingOrg.nullable(), choices: z.array(ActingOrg) });
export type ActingState = z.infer<typeof ActingState>;

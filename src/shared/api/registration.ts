/** Person registration, by username (3 steps) and by phone (src/http/routes/registration*.ts). */
import { z } from 'zod';
import { AssuranceLevel, SentCode } from './common.js';
import { FlowView, RegistrationFlowView } from './flows.js';
import { Account, SessionTimes } from './session.js';

/** Step 3 done: the account made, with the level its check reached. */
export const Registered = z.strictObject({
  flow: RegistrationFlowView,
  account: z.strictObject({ username: z.string(), assuranceLevel: AssuranceLevel }),
});
export type Registered = z.infer<typeof Registered>;

export const PhoneRegistrationCodeSent = z.strictObject({ sent: SentCode });
/** Registered by phone and signed in at once, to go on to real-name (`next`). */
export const PhoneRegistered = z.strictObject({ flow: FlowView, account: Account, session: SessionTimes, csrfToken: z.string(), next: z.string() });

/** The proof-of-work challenge sent beside every captcha (ALTCHA format), one type for the server and the SPA (docs/captcha.md). */
export interface PowChallenge {
  algorithm: 'SHA-256';
  challenge: string;
  salt: string;
  maxnumber: number;
  /** The flow whose captcha this is: its answer goes with that flow's captcha step. */
  flowId: string;
  /** The accessible captcha (no picture): this proof of work, costlier, is the whole answer. */
  accessible?: true;
}

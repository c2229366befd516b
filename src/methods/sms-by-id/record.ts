/** The ID number + SMS code record of a recovery flow (忘记密码, 验证身份 by 身份证号 + 短信验证码). */
import type { RecordBase } from '../record-base.js';

export const METHOD = 'sms';

export interface SmsByIdRecord extends RecordBase<typeof METHOD> {
  /**
   * The stand-in number the code was made and counted under (encrypted; the code itself went to
   * the account's phone only when the ID number matched). Absent until a code was asked for.
   */
  destinationEnc?: string;
  /** Whether the typed ID number was the account's (and it has a phone): only then can the code pass. */
  idMatched?: boolean;
}

/** The face record of a recovery flow (刷脸认证找回: 姓名 + 证件号码, then a guided face capture). */
import type { RecordBase } from '../record-base.js';

export const METHOD = 'face';

export interface FaceRecord extends RecordBase<typeof METHOD> {
  /**
   * Whether the name and ID number typed at face-start were the account's registered identity:
   * only then is the face compared with the authority's portrait; otherwise the capture runs
   * against nothing and fails as a no-match. Absent until face-start.
   */
  idMatched?: boolean;
}

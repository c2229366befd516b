/**
 * What every verification record on a flow has (./records.ts is the union of them): the method it
 * belongs to, the account it is about, whether it passed, and the tries it used.
 *
 * A record is a method's own state and result while a flow runs — the questions asked, where a
 * code went, what a bank check proved — so a flow keeps one typed record per method instead of a
 * bag of optional fields, and its steps ask for "a passing record for this account that serves
 * this purpose" instead of knowing which method passed.
 */
export interface RecordBase<M extends string> {
  method: M;
  /**
   * The account the record is about; null when what was typed named none (the decoy path: the
   * method still runs, with the same answers and timing, and never passes).
   */
  accountId: string | null;
  /** `open` until the method passed for `accountId`. */
  status: 'open' | 'passed';
  /** Tries used in this flow (wrong answers, bank checks), counted before each is made; kept across 上一步. */
  tries: number;
}

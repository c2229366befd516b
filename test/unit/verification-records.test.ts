import { describe, expect, it } from 'vitest';
import { beginRecord, carriedTries, passingRecord, type Verifications } from '../../src/methods/records.js';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

describe('verification records (src/methods/records.ts)', () => {
  it('a step finds only a record that passed, for its own account, serving its purpose', () => {
    const open: Verifications = { security_questions: { method: 'security_questions', accountId: A, status: 'open', tries: 1, questionIds: ['birthplace'] } };
    expect(passingRecord(open, { accountId: A, purpose: 'recovery' })).toBeUndefined();
    const another: Verifications = { sms: { method: 'sms', accountId: B, status: 'passed', tries: 0, idMatched: true } };
    expect(passingRecord(another, { accountId: A, purpose: 'recovery' })).toBeUndefined();
    expect(passingRecord(another, { accountId: B, purpose: 'recovery' })).toMatchObject({ method: 'sms', accountId: B });
    // A recovery record is no evidence for another purpose, and a flow about no account has no pass.
    expect(passingRecord(another, { accountId: B, purpose: 'real_name' })).toBeUndefined();
    expect(passingRecord({ sms: { method: 'sms', accountId: null, status: 'passed', tries: 0 } }, { accountId: null, purpose: 'recovery' })).toBeUndefined();
    expect(passingRecord({ ...open, ...another }, { accountId: A, purpose: 'recovery' })).toBeUndefined();
  });

  it('上一步 keeps only the tries; a new account starts each record with the tries its pool used (a person\'s and an org\'s answers are one count)', () => {
    const used: Verifications = {
      security_questions: { method: 'security_questions', accountId: A, status: 'open', tries: 2, questionIds: ['birthplace'] },
      sms: { method: 'sms', accountId: A, status: 'open', tries: 0, destinationEnc: 'x', idMatched: true },
      bank4: { method: 'bank4', accountId: A, status: 'open', tries: 1, destinationEnc: 'y', pendingCheck: 1 },
    };
    const back = carriedTries(used);
    expect(back).toEqual({
      security_questions: { method: 'security_questions', accountId: null, status: 'open', tries: 2 },
      bank4: { method: 'bank4', accountId: null, status: 'open', tries: 1 },
    });
    const asOrg = beginRecord(back, { method: 'org_security_questions', accountId: B, questions: ['q1', 'q2', 'q3'] });
    expect(asOrg.org_security_questions).toEqual({ method: 'org_security_questions', accountId: B, status: 'open', tries: 2, questions: ['q1', 'q2', 'q3'] });
    expect(asOrg.security_questions).toBeUndefined();
    expect(asOrg.bank4?.tries).toBe(1);
    const personAgain = beginRecord(carriedTries(asOrg), { method: 'security_questions', accountId: A, questionIds: ['birthplace'] });
    expect(personAgain.security_questions?.tries).toBe(2);
  });
});

// Smoke test: the domain entry point re-exports every rule.
import { describe, expect, it } from 'vitest';
import * as domain from '../../../src/domain/index.js';

describe('src/domain/index.ts', () => {
  it.each([
    'ok', 'fail', 'gb11643CheckDigit', 'isValidBirthDate', 'validateResidentId', 'upgradeLegacyResidentId',
    'validateIdDocument', 'isIdType', 'ID_TYPES', 'ID_TYPE_LABELS', 'validateUscc', 'usccCheckChar',
    'orgCodeCheckChar', 'validatePhone', 'validateBankCard', 'luhnCheckDigit', 'maskPhone', 'maskIdNumber',
    'maskBankCard', 'maskName', 'maskEmail', 'checkPassword', 'COMMON_PASSWORDS', 'LEVELS', 'levelRank',
    'atLeast', 'deriveLevel', 'ASSURANCE_LEVEL_LABELS',
  ])('exports %s', (name) => {
    expect(domain).toHaveProperty(name);
  });
});

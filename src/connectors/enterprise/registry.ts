/** The enterprise registry (市场监管 企业信用信息) Shenfen checks org details against; sandbox and HTTP connectors implement it. */

/**
 * What the registry answers, and no more:
 * - `match`: the USCC is registered, active, with this name and this legal representative.
 * - `name_mismatch`: the USCC is registered under another name.
 * - `legal_rep_mismatch`: the legal representative's name or ID number differs.
 * - `not_found`: no org is registered under this USCC.
 * - `revoked`: the org is deregistered or its licence revoked (注销 / 吊销).
 * - `unavailable`: no trustworthy answer (network, timeout, badly signed response).
 */
export type EnterpriseOutcome = 'match' | 'name_mismatch' | 'legal_rep_mismatch' | 'not_found' | 'revoked' | 'unavailable';

export const ENTERPRISE_OUTCOMES: readonly EnterpriseOutcome[] = ['match', 'name_mismatch', 'legal_rep_mismatch', 'not_found', 'revoked', 'unavailable'];

export interface EnterpriseCheckInput {
  uscc: string;
  name: string;
  legalRepName: string;
  legalRepIdNumber: string;
}

export interface EnterpriseCheckResult {
  outcome: EnterpriseOutcome;
  /** Who answered, e.g. `sandbox:enterprise_registry`. */
  source: string;
  reference?: string;
}

export interface EnterpriseRegistry {
  checkOrg(input: EnterpriseCheckInput): Promise<EnterpriseCheckResult>;
}

/** Folds harmless variations of an org name: full-width characters, spaces, brackets. */
export function normaliseOrgName(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/gu, '').replace(/（/gu, '(').replace(/）/gu, ')');
}

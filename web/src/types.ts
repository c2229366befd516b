// The SPA's names for the API's answers: one source, the schemas in src/shared/api/ that the server
// checks its answers against (src/http/route-output.ts). Types only: zod stays out of the bundle.
export type { AssuranceLevel } from '../../src/shared/api/common';
export type { Flow, RegistrationState, RegistrationSummary } from '../../src/shared/api/flows';
export type { Account, IdTypeOption, LocalisedLabel, LoginHistoryItem, LoginResult, Meta, Profile, SessionInfo } from '../../src/shared/api/session';
export type { RealNameMethodStatus } from '../../src/shared/api/realname';
// A value: from a module without imports, so zod stays out of the bundle.
export { ASSURANCE_LEVELS } from '../../src/shared/levels';

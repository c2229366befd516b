/** Row types of the tables, for Kysely. Keep in step with migrations/. */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;
type Json<T> = ColumnType<T, string, string>;

export interface AccountsTable {
  id: string;
  kind: 'person' | 'org';
  username: string;
  username_norm: string;
  display_name: string;
  status: ColumnType<'active' | 'suspended' | 'deactivated', 'active' | 'suspended' | 'deactivated' | undefined>;
  created_at: Timestamp;
  updated_at: Timestamp;
  // account centre (migration 0008)
  deactivated_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  pii_erased_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface PersonsTable {
  account_id: string;
  /** Null until a person registered by phone verifies an identity (migration 0007). */
  name: string | null;
  id_type: string | null;
  id_number_enc: string | null;
  id_number_hash: string | null;
  phone_enc: string | null;
  phone_hash: string | null;
  /** A verified phone is one person's only: unique index on phone_hash where verified (migration 0011). */
  phone_verified_at: Timestamp | null;
  // account centre (migration 0008)
  nickname: ColumnType<string | null, string | null | undefined, string | null>;
  email_enc: ColumnType<string | null, string | null | undefined, string | null>;
  email_hash: ColumnType<string | null, string | null | undefined, string | null>;
  /** Set with email_hash; unique index on email_hash where verified (migration 0011). */
  email_verified_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface PasswordCredentialsTable {
  account_id: string;
  hash: string;
  updated_at: Timestamp;
}

export interface LoginGuardsTable {
  key: string;
  failures: number;
  consecutive_failures: number;
  locked_until: Timestamp | null;
  updated_at: Timestamp;
}

export interface EvidenceTable {
  id: string;
  account_id: string;
  method: string;
  source: string;
  level: 'L1' | 'L2' | 'L3' | 'L4' | 'L5';
  result: 'pass' | 'fail';
  reason: string | null;
  input_fingerprint: string | null;
  verified_at: Timestamp;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
  /** The authority's transaction number (migration 0009). */
  reference: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SessionsTable {
  id: string;
  account_id: string;
  auth_methods: Json<string[]>;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  idle_expires_at: Timestamp;
  absolute_expires_at: Timestamp;
  ended_at: Timestamp | null;
  end_reason: string | null;
  ip: string | null;
  user_agent: string | null;
  /** The org the person acts for in this session (migration 0010). */
  acting_for: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the person last proved it is them again (password or SMS) in this session (migration 0008). */
  reauth_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface FlowsTable {
  id: string;
  kind: string;
  state: string;
  browser_binding: string;
  data: Json<Record<string, unknown>>;
  captcha_hash: string | null;
  captcha_expires_at: Timestamp | null;
  expires_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LoginEventsTable {
  id: Generated<string>;
  account_id: string | null;
  at: Timestamp;
  ip: string | null;
  user_agent: string | null;
  method: string;
  result: 'success' | 'failure' | 'locked';
  reason: string | null;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  actor: string;
  event: string;
  result: 'success' | 'failure';
  ip: string | null;
  subject: string | null;
  detail: Json<Record<string, unknown>>;
}

export interface RateLimitsTable {
  key: string;
  count: number;
  expires_at: Timestamp;
}

export interface BusinessSystemsTable {
  id: string;
  name: string;
  oidc_metadata: Json<Record<string, unknown>> | null;
  client_secret_enc: string | null;
  cas_service_patterns: Json<string[]>;
  min_level: 'L1' | 'L2' | 'L3' | 'L4' | 'L5';
  first_party: boolean;
  /** The other business systems that may get access tokens for this system's API (migration 0018a). */
  api_clients: Json<string[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OidcPayloadsTable {
  model: string;
  id: string;
  payload: Json<Record<string, unknown>>;
  grant_id: string | null;
  user_code: string | null;
  uid: string | null;
  expires_at: Timestamp | null;
  consumed_at: Timestamp | null;
  /** The Shenfen session (sessions.id) the row was last written in by a browser (migration 0013). */
  shenfen_session_id: string | null;
}

export interface SigningKeysTable {
  kid: string;
  alg: string;
  private_jwk_enc: string;
  created_at: Timestamp;
  retired_at: Timestamp | null;
}

export interface CasTicketsTable {
  id: string;
  kind: ColumnType<'ST' | 'PT' | 'PGT', 'ST' | 'PT' | 'PGT' | undefined>;
  business_system_id: string;
  service: string;
  account_id: string;
  session_id: string;
  renewed: boolean;
  created_at: Timestamp;
  expires_at: Timestamp;
  validated_at: Timestamp | null;
  /** The ticket itself, encrypted, once validated: single logout's SessionIndex. */
  ticket_enc: ColumnType<string | null, string | null | undefined, string | null>;
}

export type QrTicketState = 'pending' | 'scanned' | 'approved' | 'cancelled' | 'expired' | 'used';

/** 扫码登录 tickets (migration 0016): only the secret's digest; one per login flow. */
export interface QrTicketsTable {
  id: string;
  secret_hash: string;
  flow_id: string;
  state: QrTicketState;
  desktop_ip: string | null;
  desktop_user_agent: string | null;
  service: string;
  /** Who scanned it (and then approved it): the phone's person account. */
  account_id: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  scanned_at: Timestamp | null;
  approved_at: Timestamp | null;
  used_at: Timestamp | null;
}

/** The sandbox registry standing in for the real-name authorities (see connectors/realname/sandbox.ts). */
export interface SandboxPeopleTable {
  id: string;
  name: string;
  id_type: 'resident_id' | 'hmt_residence_permit';
  id_number_hash: string;
  id_number_enc: string;
  sex: 'male' | 'female';
  /** `YYYY-MM-DD`. */
  birth_date: string;
  status: 'alive' | 'deceased';
  region: 'mainland' | 'hk' | 'mo' | 'tw';
  phone_hash: string | null;
  phone_enc: string | null;
  carrier: 'china_mobile' | 'china_unicom' | 'china_telecom' | null;
  bank_card_hash: string | null;
  bank_card_enc: string | null;
  bank_name: string | null;
  bank_phone_hash: string | null;
  bank_phone_enc: string | null;
  social_security_number_hash: string;
  social_security_number_enc: string;
  housing_fund_card_hash: string | null;
  housing_fund_card_enc: string | null;
  driver_licence_file_hash: string | null;
  driver_licence_file_enc: string | null;
  note: string | null;
  created_at: Timestamp;
}

/** Nonces already used on signed connector requests (replay protection). */
export interface ConnectorNoncesTable {
  key_id: string;
  nonce: string;
  expires_at: Timestamp;
}

export interface OtpCodesTable {
  id: string;
  purpose: string;
  flow_id: string;
  channel: 'sms' | 'email';
  destination_hash: string;
  code_hash: string;
  failures: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

/** The SMS outbox (migration 0019, src/flows/sms-outbox.ts): one row per message, sent by whichever node claims it. */
export interface SmsOutboxTable {
  id: string;
  template: string;
  purpose: string;
  params_enc: string | null;
  destination_enc: string | null;
  destination_masked: string | null;
  ip: string | null;
  status: 'held' | 'pending' | 'sent' | 'given_up';
  attempts: number;
  next_attempt_at: Timestamp;
  expires_at: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  given_up_at: Timestamp | null;
}

/** Messages sent, failed attempts and messages given up, per day (CST, `2026-12-07`) and template (migration 0019). */
export interface SmsSendCountsTable {
  day: string;
  template: string;
  sent: number;
  failed: number;
  given_up: number;
}

/** Face attempts (migration 0020, src/face/attempts.ts): the nonce, the actions asked and, once used, the decision. */
export interface FaceAttemptsTable {
  id: string;
  purpose: 'real_name' | 'recovery' | 'pension';
  account_id: string | null;
  flow_id: string | null;
  subject_hash: string;
  actions: Json<string[]>;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  result: string | null;
  scores: ColumnType<unknown, string | null, string | null>;
  model_version: string | null;
  frames_digest: string | null;
  best_frame_enc: string | null;
  keep_until: Timestamp | null;
}

/** The pension retiree registry (migration 0021, src/pension/registry.ts). */
export interface PensionRetireesTable {
  id: string;
  ssn_hash: string;
  ssn_enc: string;
  name_enc: string;
  name_hash: string;
  person_id_hash: string | null;
  id_kind: 'resident_id' | 'hkmotw_code' | 'registered';
  region: string;
  benefit_status: 'normal' | 'suspended' | 'stopped';
  survival_status: 'alive' | 'abnormal';
  last_certified_at: Timestamp | null;
  due_at: Timestamp | null;
  photo_enc: string | null;
  imported_at: Timestamp;
  updated_at: Timestamp;
}

/** Pension certifications (migration 0021): online by face, or recorded by staff. */
export interface PensionCertificationsTable {
  id: string;
  retiree_id: string;
  at: Timestamp;
  channel: 'online' | 'counter' | 'community' | 'app';
  result: 'passed' | 'failed';
  reason: 'actions_not_done' | 'no_match' | 'spoof' | 'environment' | null;
  face_attempt_id: string | null;
  staff_account_id: string | null;
  next_due_at: Timestamp | null;
  note: string | null;
}

/** Pension reminders sent (migration 0021): one per retiree per due date. */
export interface PensionRemindersTable {
  retiree_id: string;
  due_at: Timestamp;
  sent_at: Timestamp;
}

/** The retirees' own sessions (migration 0021, src/pension/session.ts). */
export interface PensionSessionsTable {
  id: string;
  retiree_id: string;
  created_at: Timestamp;
  idle_expires_at: Timestamp;
  absolute_expires_at: Timestamp;
  ip: string | null;
}

/** The sandbox face registry (migration 0020): which sandbox people have which built-in portrait. */
export interface SandboxPortraitsTable {
  id_number_hash: string;
  name: string;
  portrait: string;
  created_at: Timestamp;
}

export interface PasswordHistoryTable {
  id: Generated<string>;
  account_id: string;
  hash: string;
  created_at: Timestamp;
}

/** 密保问题: three chosen questions per account, answers hashed (migration 0007). */
export interface SecurityQuestionsTable {
  account_id: string;
  position: number;
  question_id: string;
  answer_hash: string;
  updated_at: Timestamp;
}

/** Account centre (migration 0008): mailing addresses, their fields encrypted together. */
export interface MailingAddressesTable {
  id: string;
  account_id: string;
  data_enc: string;
  is_default: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Account centre (migration 0008): e-mail activation links, the token stored as a digest. */
export interface EmailLinksTable {
  id: string;
  token_hash: string;
  account_id: string;
  email_enc: string;
  email_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

// Real-name methods (migration 0009).
export interface StaffRolesTable {
  account_id: string;
  role: 'staff';
  granted_at: Timestamp;
  granted_by: string;
}

export interface CounterChecksTable {
  evidence_id: string;
  staff_account_id: string;
  place: string;
  document_type: string;
  document_number_masked: string;
  checked_at: Timestamp;
}

export interface PersonBankCardsTable {
  account_id: string;
  card_enc: string;
  card_hash: string;
  card_masked: string;
  bank_phone_enc: string;
  bank_phone_hash: string;
  updated_at: Timestamp;
}

// --- Orgs (migration 0010, src/orgs) ---
export interface OrgsTable {
  account_id: string;
  uscc: string;
  name: string;
  legal_rep_name: string;
  legal_rep_id_enc: string;
  legal_rep_id_hash: string;
  registered_by: string | null;
  registry_source: string;
  registry_checked_at: Timestamp;
  grants_suspended_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type OrgRole = 'legal_rep' | 'admin' | 'agent';

export interface OrgMembersTable {
  id: string;
  org_id: string;
  person_id: string | null;
  invitee_name: string;
  invitee_id_hash: string;
  invitee_id_enc: string;
  role: OrgRole;
  status: 'pending' | 'active' | 'declined' | 'ended';
  invited_by: string | null;
  invited_at: Timestamp;
  responded_at: Timestamp | null;
  ended_at: Timestamp | null;
  end_reason: string | null;
}

export interface OrgGrantsTable {
  member_id: string;
  business_system_id: string;
  expires_at: Timestamp | null;
  granted_by: string | null;
  granted_at: Timestamp;
}

export interface OrgSsCodesTable {
  id: string;
  org_id: string;
  code: string;
  region_level: 'province' | 'city' | 'district';
  region_name: string;
  insurance_types: Json<string[]>;
  created_at: Timestamp;
}

export interface OrgRecoveryRequestsTable {
  id: string;
  org_id: string | null;
  uscc: string;
  agent_name: string;
  agent_id_hash: string;
  agent_id_enc: string;
  phone_enc: string;
  licence_photo_enc: string;
  agent_id_photo_enc: string;
  status: 'pending' | 'approved' | 'rejected';
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  review_note: string | null;
  claim_token_hash: string;
  reset_expires_at: Timestamp | null;
  used_at: Timestamp | null;
  created_at: Timestamp;
}

export interface OrgSecurityQuestionsTable {
  account_id: string;
  items: Json<{ question: string; answerHash: string }[]>;
  updated_at: Timestamp;
}

export interface SandboxEnterprisesTable {
  uscc: string;
  name: string;
  legal_rep_name: string;
  legal_rep_id_hash: string;
  legal_rep_id_enc: string;
  status: 'active' | 'revoked';
  note: string | null;
  created_at: Timestamp;
}

export interface Database {
  accounts: AccountsTable;
  persons: PersonsTable;
  password_credentials: PasswordCredentialsTable;
  login_guards: LoginGuardsTable;
  evidence: EvidenceTable;
  sessions: SessionsTable;
  flows: FlowsTable;
  login_events: LoginEventsTable;
  audit_log: AuditLogTable;
  rate_limits: RateLimitsTable;
  business_systems: BusinessSystemsTable;
  oidc_payloads: OidcPayloadsTable;
  signing_keys: SigningKeysTable;
  cas_tickets: CasTicketsTable;
  otp_codes: OtpCodesTable;
  // SMS outbox (migration 0019)
  sms_outbox: SmsOutboxTable;
  sms_send_counts: SmsSendCountsTable;
  sandbox_people: SandboxPeopleTable;
  connector_nonces: ConnectorNoncesTable;
  password_history: PasswordHistoryTable;
  security_questions: SecurityQuestionsTable;
  mailing_addresses: MailingAddressesTable;
  email_links: EmailLinksTable;
  staff_roles: StaffRolesTable;
  counter_checks: CounterChecksTable;
  person_bank_cards: PersonBankCardsTable;
  // orgs (migration 0010)
  orgs: OrgsTable;
  org_members: OrgMembersTable;
  org_grants: OrgGrantsTable;
  org_ss_codes: OrgSsCodesTable;
  org_recovery_requests: OrgRecoveryRequestsTable;
  org_security_questions: OrgSecurityQuestionsTable;
  sandbox_enterprises: SandboxEnterprisesTable;
  // QR login (migration 0016)
  qr_tickets: QrTicketsTable;
  // face (migration 0020)
  face_attempts: FaceAttemptsTable;
  sandbox_portraits: SandboxPortraitsTable;
  pension_retirees: PensionRetireesTable;
  pension_certifications: PensionCertificationsTable;
  pension_reminders: PensionRemindersTable;
  pension_sessions: PensionSessionsTable;
}

/**
 * 养老保险待遇领取资格认证 (issue 14, src/pension): the retiree registry imported from the
 * social-insurance system, every certification (online by face, or recorded by staff), the SMS
 * reminders sent, and the retirees' own sessions (not Shenfen account sessions). Face attempts gain
 * the purpose 'pension' (the attempt's flow_id is then the pension session's id).
 */
export const name = '20261208_0021_pension';

export const up = /* sql */ `
create table pension_retirees (
  id uuid primary key,
  -- Keyed hash (kind pension.ssn) of the normalised 社会保障号码: upper case, no spaces.
  ssn_hash text not null unique,
  ssn_enc text not null,
  name_enc text not null,
  -- Keyed hash (kind pension.name) of the name, trimmed, inner spaces single, lower case.
  name_hash text not null,
  -- For a resident ID: the same keyed hash persons.id_number_hash holds (kind id_number), so a
  -- Shenfen person with that verified ID is found by a join (single sign-on, SMS reminders).
  person_id_hash text,
  id_kind text not null check (id_kind in ('resident_id', 'hkmotw_code', 'registered')),
  -- 参保地区.
  region text not null,
  benefit_status text not null check (benefit_status in ('normal', 'suspended', 'stopped')),
  survival_status text not null check (survival_status in ('alive', 'abnormal')),
  last_certified_at timestamptz,
  due_at timestamptz,
  -- The 建模照片 (JPEG), sealed with the data key; null: no photo yet (online certification impossible).
  photo_enc text,
  imported_at timestamptz not null,
  updated_at timestamptz not null
);
create index pension_retirees_due on pension_retirees (due_at);
create index pension_retirees_region on pension_retirees (region);
create index pension_retirees_person on pension_retirees (person_id_hash) where person_id_hash is not null;

create table pension_certifications (
  id uuid primary key,
  retiree_id uuid not null references pension_retirees (id) on delete cascade,
  at timestamptz not null,
  channel text not null check (channel in ('online', 'counter', 'community', 'app')),
  result text not null check (result in ('passed', 'failed')),
  reason text check (reason in ('actions_not_done', 'no_match', 'spoof', 'environment')),
  face_attempt_id uuid,
  staff_account_id uuid references accounts (id),
  next_due_at timestamptz,
  note text,
  check ((result = 'passed') = (reason is null))
);
create index pension_certifications_retiree on pension_certifications (retiree_id, at desc);
create index pension_certifications_at on pension_certifications (at);

-- One reminder per retiree per due date (the primary key makes a second one impossible).
create table pension_reminders (
  retiree_id uuid not null references pension_retirees (id) on delete cascade,
  due_at timestamptz not null,
  sent_at timestamptz not null,
  primary key (retiree_id, due_at)
);

create table pension_sessions (
  -- sha256 of the cookie's token; the token itself is never stored.
  id text primary key,
  retiree_id uuid not null references pension_retirees (id) on delete cascade,
  created_at timestamptz not null,
  idle_expires_at timestamptz not null,
  absolute_expires_at timestamptz not null,
  ip text
);
create index pension_sessions_retiree on pension_sessions (retiree_id);
create index pension_sessions_idle on pension_sessions (idle_expires_at);

alter table face_attempts drop constraint face_attempts_purpose_check;
alter table face_attempts add constraint face_attempts_purpose_check check (purpose in ('real_name', 'recovery', 'pension'));
`;

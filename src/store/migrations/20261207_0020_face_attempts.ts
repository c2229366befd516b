/**
 * Face attempts (issue 13, src/face/attempts.ts): one row per challenge the server gave — its id is
 * the single-use nonce the browser sends back with its frames — and, once used, the decision. No
 * frame is kept: the scores, the model version and a digest of what was sent; only when
 * `face.keepBestFrameDays` > 0 the best frame, sealed with the data key, until `keep_until`.
 *
 * The sandbox face registry: which sandbox people have a portrait ('建模照片') and which of the
 * built-in portraits it is (src/connectors/face/sandbox.ts reads the images from npm packages).
 */
export const name = '20261207_0020_face_attempts';

export const up = /* sql */ `
create table face_attempts (
  id uuid primary key,
  -- What the attempt is for: real_name (人脸识别认证) or recovery (刷脸认证找回).
  purpose text not null check (purpose in ('real_name', 'recovery')),
  -- Null for a recovery of an account that does not exist (the attempt runs against nothing).
  account_id uuid references accounts (id),
  -- The recovery flow the attempt belongs to (null for real-name: the signed-in account binds it).
  flow_id text,
  -- Keyed hash of who is counted for the daily limit: the account, or the identifier typed.
  subject_hash text not null,
  -- The actions asked, in order (FaceAction[]).
  actions jsonb not null,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  -- passed | actions_not_done | no_match | environment | spoof | rejected (frames refused before a decision).
  result text,
  scores jsonb,
  model_version text,
  -- sha256 (hex) of the frames as sent.
  frames_digest text,
  best_frame_enc text,
  keep_until timestamptz
);
create index face_attempts_subject on face_attempts (subject_hash, created_at);
create index face_attempts_account on face_attempts (account_id);
create index face_attempts_expires on face_attempts (expires_at) where used_at is null;
create index face_attempts_keep on face_attempts (keep_until) where best_frame_enc is not null;

create table sandbox_portraits (
  -- The sandbox registry's keyed hash of the ID number (kind sandbox.id_number).
  id_number_hash text primary key,
  name text not null,
  -- A built-in portrait's key (src/connectors/face/portraits.ts).
  portrait text not null,
  created_at timestamptz not null
);
`;

/** Applies the migrations in order, once each, under an advisory lock so several nodes can start together. */
import type { Store } from './db.js';
import * as init from './migrations/20261123_0001_init.js';
import * as sso from './migrations/20261123_0002_sso.js';
import * as cas from './migrations/20261123_0003_cas.js';
import * as sandboxRegistry from './migrations/20261123_0004_sandbox_registry.js';
import * as otp from './migrations/20261123_0005_otp.js';
import * as passwordHistory from './migrations/20261123_0006_password_history.js';
import * as phoneAccountsRecovery from './migrations/20261123_0007_phone_accounts_recovery.js';
import * as accountCentre from './migrations/20261123_0008_account_centre.js';
import * as realNameMethods from './migrations/20261123_0009_realname_methods.js';
import * as orgs from './migrations/20261123_0010_orgs.js';
import * as uniqueContacts from './migrations/20261123_0011_unique_contacts.js';
import * as erasureIndexes from './migrations/20261123_0012_erasure_indexes.js';
import * as oidcSessionLink from './migrations/20261123_0013_oidc_session_link.js';
import * as sessionTimeouts from './migrations/20261123_0014_session_timeouts.js';
import * as orgRegistryEvidence from './migrations/20261204_0015_org_registry_evidence.js';
import * as qrLogin from './migrations/20261204_0016_qr_login.js';
import * as oidcPayloadDigests from './migrations/20261207_0018_oidc_payload_digests.js';
import * as apiClients from './migrations/20261207_0018a_api_clients.js';
import * as smsOutbox from './migrations/20261207_0019_sms_outbox.js';
import * as faceAttempts from './migrations/20261207_0020_face_attempts.js';
import * as pension from './migrations/20261208_0021_pension.js';
import * as certificates from './migrations/20261208_0022_certificates.js';

interface Migration {
  name: string;
  up: string;
}

/** Every migration, oldest first. A released migration is never edited: add a new one. */
export const migrations: readonly Migration[] = [
  init,
  sso,
  cas,
  sandboxRegistry,
  otp,
  passwordHistory,
  phoneAccountsRecovery,
  accountCentre,
  realNameMethods,
  orgs,
  uniqueContacts,
  erasureIndexes,
  oidcSessionLink,
  sessionTimeouts,
  orgRegistryEvidence,
  qrLogin,
  oidcPayloadDigests,
  apiClients,
  smsOutbox,
  faceAttempts,
  pension,
  certificates,
];

const LOCK_ID = 0x5348454e; // "SHEN"

const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Returns the names of the migrations it applied. */
export async function migrate(store: Store): Promise<string[]> {
  return store.withConnection(async (exec) => {
    await exec(`select pg_advisory_lock(${LOCK_ID})`);
    try {
      await exec('create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())');
      const done = new Set((await exec('select name from schema_migrations')).map((r) => String(r.name)));
      const applied: string[] = [];
      for (const m of migrations) {
        if (done.has(m.name)) continue;
        await exec(`begin;\n${m.up};\ninsert into schema_migrations (name) values (${literal(m.name)});\ncommit;`);
        applied.push(m.name);
      }
      return applied;
    } catch (err) {
      await exec('rollback').catch(() => {});
      throw err;
    } finally {
      await exec(`select pg_advisory_unlock(${LOCK_ID})`);
    }
  });
}

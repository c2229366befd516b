/**
 * Four eyes for staff decisions (SECURITY.md, Authorization): whoever filed a request, or whoever
 * it is about, never decides it — not by the account they used, not by another account of the same
 * person (matched by ID number), not as a member of the org it concerns. Every staff queue (counter
 * verification, 单位找回密码, and the ID-photo and certificate-binding queues to come) asks here
 * before a decision is written.
 *
 * @example await assertNotConcerned(ctx, staffId, { accountIds: [check.accountId] });
 */
import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import { AppError } from '../shared/app-error.js';
import type { DB } from '../store/db.js';

/** Who a decision concerns. */
export interface Concerned {
  /** Accounts the decision is about or that filed it (a person: any account with their ID number is concerned too). */
  accountIds?: ReadonlyArray<string | null>;
  /** ID numbers named in the request (an applicant, an agent), as keyed hashes of persons.id_number_hash's kind. */
  idNumberHashes?: ReadonlyArray<string | null>;
  /** Orgs the decision is about: the org account, its registrant, legal representative and members (invited or active) are concerned. */
  orgIds?: ReadonlyArray<string | null>;
}

const present = (xs: ReadonlyArray<string | null> | undefined): string[] => (xs ?? []).filter((x): x is string => !!x);

/** Whether `staffId` is one of the people `concerned` names; one statement. */
export async function isConcerned(ctx: AppContext, staffId: string, concerned: Concerned, db: DB = ctx.db): Promise<boolean> {
  const accounts = present(concerned.accountIds);
  const hashes = present(concerned.idNumberHashes);
  const orgs = present(concerned.orgIds);
  if (accounts.includes(staffId)) return true;
  // The staff member's own ID number (null for an account registered by phone without one).
  const own = sql<string | null>`(select id_number_hash from persons where account_id = ${staffId}::uuid)`;
  const none = sql<boolean>`false`;
  const row = await sql<{ concerned: boolean }>`
    select (
      ${accounts.length ? sql`exists (select 1 from persons where account_id in (${sql.join(accounts.map((a) => sql`${a}::uuid`))}) and id_number_hash = ${own})` : none}
      or ${hashes.length ? sql`${own} in (${sql.join(hashes)})` : none}
      or ${
        orgs.length
          ? sql`exists (select 1 from orgs where account_id in (${sql.join(orgs.map((o) => sql`${o}::uuid`))})
                  and (registered_by = ${staffId}::uuid or legal_rep_id_hash = ${own}))
                or exists (select 1 from org_members where org_id in (${sql.join(orgs.map((o) => sql`${o}::uuid`))})
                  and status in ('pending', 'active') and (person_id = ${staffId}::uuid or invitee_id_hash = ${own}))`
          : none
      }
    ) as concerned`.execute(db);
  return row.rows[0]?.concerned === true;
}

/** Throws `staff.self` (403) when `staffId` may not decide: see `isConcerned`. */
export async function assertNotConcerned(ctx: AppContext, staffId: string, concerned: Concerned, db: DB = ctx.db): Promise<void> {
  if (await isConcerned(ctx, staffId, concerned, db)) throw new AppError('staff.self');
}

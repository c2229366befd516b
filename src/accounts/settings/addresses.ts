/**
 * Mailing addresses (邮寄地址, seed 002 §2.5): several per person, exactly one default while any
 * exist. The fields are personal data, so each address is stored encrypted as one document.
 */
import { audit } from '../../audit/audit.js';
import type { AppContext } from '../../context.js';
import { maskPhone } from '../../domain/mask.js';
import { AppError, assertThat } from '../../shared/app-error.js';
import { newId } from '../../security/tokens.js';
import type { DB } from '../../store/db.js';

export const MAX_ADDRESSES = 10;

export interface AddressFields {
  recipient: string;
  /** 11-digit mainland mobile number. */
  phone: string;
  /** Province, city, district: `广东省 广州市 天河区`. */
  region: string;
  detail: string;
  postcode: string;
}

export interface AddressView extends AddressFields {
  id: string;
  phoneMasked: string;
  isDefault: boolean;
  createdAt: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function listAddresses(ctx: AppContext, accountId: string, db: DB = ctx.db): Promise<AddressView[]> {
  const rows = await db.selectFrom('mailing_addresses').selectAll().where('account_id', '=', accountId).orderBy('created_at', 'asc').orderBy('id').execute();
  return rows.map((r) => {
    const f = JSON.parse(ctx.vault.decrypt(r.data_enc)) as AddressFields;
    return { id: r.id, ...f, phoneMasked: maskPhone(f.phone), isDefault: r.is_default, createdAt: r.created_at.toISOString() };
  });
}

const seal = (ctx: AppContext, f: AddressFields) =>
  ctx.vault.encrypt(JSON.stringify({ recipient: f.recipient, phone: f.phone, region: f.region, detail: f.detail, postcode: f.postcode }));

/** Adds an address; the first one, or one asked to be, becomes the default. */
export async function addAddress(ctx: AppContext, accountId: string, f: AddressFields, makeDefault: boolean, ip: string | null): Promise<string> {
  const now = ctx.clock.now();
  const id = newId();
  await ctx.db.transaction().execute(async (tx) => {
    // Lock the person's row so two adds at once cannot both pass the count or both become default.
    await tx.selectFrom('accounts').select('id').where('id', '=', accountId).forUpdate().executeTakeFirst();
    const existing = await tx.selectFrom('mailing_addresses').select(['id', 'is_default']).where('account_id', '=', accountId).execute();
    if (existing.length >= MAX_ADDRESSES) throw new AppError('address.too_many');
    const isDefault = makeDefault || !existing.some((a) => a.is_default);
    if (isDefault) await tx.updateTable('mailing_addresses').set({ is_default: false }).where('account_id', '=', accountId).execute();
    await tx.insertInto('mailing_addresses').values({ id, account_id: accountId, data_enc: seal(ctx, f), is_default: isDefault, created_at: now, updated_at: now }).execute();
    await audit(tx, { at: now, actor: accountId, event: 'account.address_add', result: 'success', ip, subject: accountId, detail: { address: id } });
  });
  return id;
}

export async function updateAddress(ctx: AppContext, accountId: string, id: string, f: AddressFields, makeDefault: boolean, ip: string | null): Promise<void> {
  assertThat(UUID.test(id), 'address.not_found');
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    await tx.selectFrom('accounts').select('id').where('id', '=', accountId).forUpdate().executeTakeFirst();
    if (makeDefault) await tx.updateTable('mailing_addresses').set({ is_default: false }).where('account_id', '=', accountId).where('id', '!=', id).execute();
    const res = await tx
      .updateTable('mailing_addresses')
      .set({ data_enc: seal(ctx, f), updated_at: now, ...(makeDefault ? { is_default: true } : {}) })
      .where('id', '=', id)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError('address.not_found');
    await audit(tx, { at: now, actor: accountId, event: 'account.address_update', result: 'success', ip, subject: accountId, detail: { address: id } });
  });
}

/** Deletes an address; when it was the default, the oldest remaining one becomes the default. */
export async function deleteAddress(ctx: AppContext, accountId: string, id: string, ip: string | null): Promise<void> {
  assertThat(UUID.test(id), 'address.not_found');
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    await tx.selectFrom('accounts').select('id').where('id', '=', accountId).forUpdate().executeTakeFirst();
    const gone = await tx.deleteFrom('mailing_addresses').where('id', '=', id).where('account_id', '=', accountId).returning('is_default').executeTakeFirst();
    if (!gone) throw new AppError('address.not_found');
    if (gone.is_default) {
      const next = await tx.selectFrom('mailing_addresses').select('id').where('account_id', '=', accountId).orderBy('created_at', 'asc').orderBy('id').limit(1).executeTakeFirst();
      if (next) await tx.updateTable('mailing_addresses').set({ is_default: true }).where('id', '=', next.id).execute();
    }
    await audit(tx, { at: now, actor: accountId, event: 'account.address_delete', result: 'success', ip, subject: accountId, detail: { address: id } });
  });
}

export async function setDefaultAddress(ctx: AppContext, accountId: string, id: string, ip: string | null): Promise<void> {
  assertThat(UUID.test(id), 'address.not_found');
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    await tx.selectFrom('accounts').select('id').where('id', '=', accountId).forUpdate().executeTakeFirst();
    const found = await tx.selectFrom('mailing_addresses').select('id').where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
    if (!found) throw new AppError('address.not_found');
    await tx.updateTable('mailing_addresses').set({ is_default: false }).where('account_id', '=', accountId).execute();
    await tx.updateTable('mailing_addresses').set({ is_default: true, updated_at: now }).where('id', '=', id).execute();
    await audit(tx, { at: now, actor: accountId, event: 'account.address_default', result: 'success', ip, subject: accountId, detail: { address: id } });
  });
}

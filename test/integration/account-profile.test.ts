import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInPerson } from '../helpers/account.js';
import { Agent } from '../helpers/browser.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

const home = { recipient: '李四', phone: '139 1234 5678', region: '广东省 广州市 天河区', detail: '天河路100号', postcode: '510000' };
const office = { recipient: '李四', phone: '13912345679', region: '四川省 成都市 武侯区', detail: '人民南路四段1号', postcode: '610041' };

describe('nickname', () => {
  it('is set, shown, and refused when empty or with symbols', async () => {
    const s = await signedInPerson(server);
    expect((await s.agent.call('GET', '/api/account/settings')).body.settings.nickname).toBeNull();
    const ok = await s.agent.call('POST', '/api/account/nickname', { nickname: '  老李 ' });
    expect(ok.body).toEqual({ nickname: '老李' });
    expect((await s.agent.call('GET', '/api/account/settings')).body.settings.nickname).toBe('老李');
    // 个人信息 shows it too.
    expect((await s.agent.call('GET', '/api/account/profile')).body.profile).toMatchObject({ nickname: '老李', emailMasked: null });
    for (const nickname of ['', '<script>', 'x'.repeat(21), '_老李', '·老李']) {
      const bad = await s.agent.call('POST', '/api/account/nickname', { nickname });
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('nickname.invalid');
    }
    s.agent.lang = 'en-US';
    expect((await s.agent.call('POST', '/api/account/nickname', { nickname: '' })).body.error.message).toBe('Nickname: 1–20 characters, no special symbols');
    expect((await new Agent(server.url).call('POST', '/api/account/nickname', { nickname: 'x' })).status).toBe(401);
  });
});

describe('mailing addresses', () => {
  it('adds several with one default, edits, sets the default, deletes', async () => {
    const s = await signedInPerson(server);
    const first = await s.agent.call('POST', '/api/account/addresses', home);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.items[0]).toMatchObject({ ...home, phone: '13912345678', phoneMasked: '139****5678', isDefault: true });
    server.clock.advance(1000); // listed oldest first
    const second = await s.agent.call('POST', '/api/account/addresses', office);
    expect(second.body.items.map((a: { isDefault: boolean }) => a.isDefault)).toEqual([true, false]);
    const officeId = second.body.id;

    const def = await s.agent.call('POST', `/api/account/addresses/${officeId}/default`, {});
    expect(def.body.items.map((a: { isDefault: boolean }) => a.isDefault)).toEqual([false, true]);

    const edited = await s.agent.call('POST', `/api/account/addresses/${officeId}`, { ...office, detail: '人民南路四段2号' });
    expect(edited.body.items[1]).toMatchObject({ detail: '人民南路四段2号', isDefault: true });

    const del = await s.agent.call('POST', `/api/account/addresses/${officeId}/delete`, {});
    expect(del.body.items).toHaveLength(1);
    expect(del.body.items[0].isDefault).toBe(true);

    // Stored encrypted: no field appears in the row.
    const rows = await server.ctx.db.selectFrom('mailing_addresses').select('data_enc').where('account_id', '=', s.accountId).execute();
    expect(JSON.stringify(rows)).not.toContain('天河路');
    const events = (await server.ctx.db.selectFrom('audit_log').select('event').where('subject', '=', s.accountId).execute()).map((e) => e.event);
    expect(events).toEqual(expect.arrayContaining(['account.address_add', 'account.address_default', 'account.address_update', 'account.address_delete']));
  });

  it('validates every field with its own message', async () => {
    const s = await signedInPerson(server);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...home, recipient: '' }, 'address.recipient'],
      [{ ...home, phone: '12345' }, 'phone.invalid'],
      [{ ...home, region: '' }, 'address.region'],
      [{ ...home, detail: 'x' }, 'address.detail'],
      [{ ...home, postcode: '51000' }, 'address.postcode'],
    ];
    for (const [body, code] of cases) {
      const res = await s.agent.call('POST', '/api/account/addresses', body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe(code);
    }
    expect((await s.agent.call('POST', '/api/account/addresses', { ...home, extra: 1 })).body.error.code).toBe('request.invalid');
  });

  it('keeps one person out of another\'s addresses, and caps them at ten', async () => {
    const a = await signedInPerson(server);
    const b = await signedInPerson(server);
    const created = await a.agent.call('POST', '/api/account/addresses', home);
    for (const path of [`/api/account/addresses/${created.body.id}`, `/api/account/addresses/${created.body.id}/delete`, `/api/account/addresses/${created.body.id}/default`]) {
      const res = await b.agent.call('POST', path, path.endsWith(created.body.id) ? home : {});
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('address.not_found');
    }
    expect((await b.agent.call('GET', '/api/account/addresses')).body.items).toEqual([]);
    for (let i = 1; i < 10; i++) expect((await a.agent.call('POST', '/api/account/addresses', office)).status).toBe(201);
    expect((await a.agent.call('POST', '/api/account/addresses', office)).body.error.code).toBe('address.too_many');
    expect((await a.agent.call('POST', '/api/account/addresses/not-a-uuid/delete', {})).body.error.code).toBe('address.not_found');
  });
});

/** Whose certificate it is (src/certs/identity.ts): the places Chinese CAs write the USCC and the ID number. */
import { OctetString } from '@peculiar/asn1-schema';
import { Extension } from '@peculiar/asn1-x509';
import { describe, expect, it } from 'vitest';
import { GMT0015, identityOf } from '../../src/certs/identity.js';
import { newIdNumber, newUscc } from '../helpers/test-ca.js';

/** An extension whose value is a context-tagged PrintableString, as GM/T 0015's IdentifyCode CHOICE encodes it. */
function gmtExtension(oid: string, value: string): Extension {
  const body = Buffer.from(value, 'latin1');
  const der = Buffer.concat([Buffer.from([0x80, body.length]), body]);
  return new Extension({ extnID: oid, critical: false, extnValue: new OctetString(der) });
}

describe('identityOf', () => {
  it('reads a person’s ID number from GM/T 0015 IdentifyCode (1.2.156.10260.4.1.1)', () => {
    const id = newIdNumber();
    expect(identityOf([['2.5.4.3', '张三']], [gmtExtension(GMT0015.identifyCode, id)])).toEqual({ kind: 'person', idNumber: id, name: '张三' });
  });

  it('reads an ID number inside a CN like 张三(…) and drops the bracket from the name', () => {
    const id = newIdNumber();
    expect(identityOf([['2.5.4.3', `张三(${id})`]], [])).toEqual({ kind: 'person', idNumber: id, name: '张三' });
  });

  it('reads a USCC from organizationIdentifier with an ETSI prefix, from OU, and from GM/T 0015 组织机构代码', () => {
    const u = newUscc();
    expect(identityOf([['2.5.4.10', '某公司'], ['2.5.4.97', `NTRCN-${u}`]], [])).toMatchObject({ kind: 'org', uscc: u });
    expect(identityOf([['2.5.4.10', '某公司'], ['2.5.4.11', u]], [])).toMatchObject({ kind: 'org', uscc: u });
    expect(identityOf([['2.5.4.10', '某公司']], [gmtExtension(GMT0015.organizationCode, u)])).toMatchObject({ kind: 'org', uscc: u });
  });

  it('an org certificate that also names the clerk’s ID number is the org’s', () => {
    const u = newUscc();
    expect(identityOf([['2.5.4.3', '张三'], ['2.5.4.5', newIdNumber()], ['2.5.4.97', u]], []).kind).toBe('org');
  });

  it('ignores numbers whose check character is wrong, and 18-digit serials that are no ID', () => {
    const id = newIdNumber();
    const bad = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    expect(identityOf([['2.5.4.5', bad]], []).kind).toBe('none');
    expect(identityOf([['2.5.4.5', '123456789012345678']], []).kind).toBe('none');
    expect(identityOf([['2.5.4.3', 'x']], [new Extension({ extnID: GMT0015.identifyCode, critical: false, extnValue: new OctetString(Buffer.from([0xff])) })]).kind).toBe('none');
  });
});

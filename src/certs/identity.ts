/**
 * Whose certificate it is: a person (resident ID number) or an org (USCC). Chinese CAs write these
 * in different places; we read, in this order:
 *
 * - org: a valid USCC in the subject's organizationIdentifier (2.5.4.97, with or without an ETSI
 *   prefix such as `NTRCN-`), serialNumber (2.5.4.5), OU, CN; or in GM/T 0015's extension
 *   1.2.156.10260.4.1.4 (组织机构代码; CAs that issue since 2015 put the USCC there) or
 *   1.2.156.10260.4.1.3 (工商注册号, likewise).
 * - person: GM/T 0015's IdentifyCode extension 1.2.156.10260.4.1.1 (residenterCardNumber), or a
 *   valid resident ID in the subject's serialNumber, CN or OU.
 *
 * A certificate carrying a USCC is an org certificate even when it also names a person (the
 * clerk's name is often its CN). Only values with a valid check character count, so a serial
 * number or an employee number is never mistaken for an ID.
 */
import type { Extension } from '@peculiar/asn1-x509';
import { validateResidentId } from '../domain/resident-id.js';
import { validateUscc } from '../domain/uscc.js';
import { readTlv } from './der.js';

export type CertIdentity =
  | { kind: 'org'; uscc: string; name: string | null }
  | { kind: 'person'; idNumber: string; name: string | null }
  | { kind: 'none'; name: string | null };

export const GMT0015 = { identifyCode: '1.2.156.10260.4.1.1', icRegistrationNumber: '1.2.156.10260.4.1.3', organizationCode: '1.2.156.10260.4.1.4' };
const A = { cn: '2.5.4.3', serialNumber: '2.5.4.5', o: '2.5.4.10', ou: '2.5.4.11', orgId: '2.5.4.97' };

/** The text of every primitive string inside a DER value (the extensions' CHOICEs of strings). */
function strings(der: Uint8Array): string[] {
  const out: string[] = [];
  const walk = (at: number, end: number, depth: number) => {
    while (at < end && depth < 6) {
      const el = readTlv(der, at);
      if (el.tag & 0x20) walk(el.body, el.end, depth + 1);
      else out.push(Buffer.from(der.subarray(el.body, el.end)).toString('utf8'));
      at = el.end;
    }
  };
  try {
    walk(0, der.length, 0);
  } catch {
    /* not DER: nothing read */
  }
  return out;
}

const uscc = (v: string) => {
  const r = validateUscc(v.replace(/^[A-Z]{2,3}[A-Z]{2}[-:]/, ''));
  return r.ok ? r.value.code : undefined;
};
const residentId = (v: string) => {
  const r = validateResidentId(v);
  return r.ok ? r.value.number : undefined;
};

export function identityOf(subject: [string, string][], extensions: readonly Extension[]): CertIdentity {
  const attr = (oid: string) => subject.filter(([t]) => t === oid).map(([, v]) => v);
  const ext = (oid: string) => extensions.filter((e) => e.extnID === oid).flatMap((e) => strings(new Uint8Array(e.extnValue.buffer)));
  const name = attr(A.o)[0] ?? attr(A.cn)[0] ?? null;

  const orgCandidates = [...attr(A.orgId), ...attr(A.serialNumber), ...attr(A.ou), ...attr(A.cn), ...ext(GMT0015.organizationCode), ...ext(GMT0015.icRegistrationNumber)];
  for (const v of orgCandidates) {
    const code = uscc(v.trim());
    if (code) return { kind: 'org', uscc: code, name };
  }
  const personCandidates = [...ext(GMT0015.identifyCode), ...attr(A.serialNumber), ...attr(A.cn), ...attr(A.ou)];
  for (const v of personCandidates) {
    // A CN may read '张三(110101199003077777)' or 'ID:110101…': look for the 18 characters inside.
    for (const m of v.toUpperCase().matchAll(/\d{17}[\dX]/g)) {
      const id = residentId(m[0]);
      if (id) return { kind: 'person', idNumber: id, name: attr(A.cn)[0]?.replace(/[(（].*$/, '').trim() || null };
    }
  }
  return { kind: 'none', name };
}



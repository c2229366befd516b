/**
 * A test CA made at test time by OpenSSL 3's command line — the other implementation our
 * certificate code must interoperate with: SM2 (`openssl genpkey -algorithm SM2`, signed with
 * `-sm3 -sigopt distid:1234567812345678`), RSA (PKCS#1 v1.5 and PSS) and ECDSA P-256/P-384
 * hierarchies with an intermediate, leaf certificates for persons (ID number) and orgs (USCC),
 * PKCS#12 files, and CRLs revoking what a test revokes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gb11643CheckDigit } from '../../src/domain/gb11643.js';
import { orgCodeCheckChar, usccCheckChar } from '../../src/domain/uscc.js';

export const SM2_ID = '1234567812345678';
export type Alg = 'sm2' | 'rsa' | 'rsa-pss' | 'p256' | 'p384';

export function openssl(args: string[], opts: { cwd?: string; input?: string | Buffer } = {}): Buffer {
  return execFileSync('openssl', args, { cwd: opts.cwd, input: opts.input, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Whether this machine's openssl makes SM2 certificates (OpenSSL 3). */
export function opensslDoesSm2(): boolean {
  try {
    return /^OpenSSL 3\./.test(openssl(['version']).toString()) && openssl(['list', '-public-key-algorithms']).toString().includes('SM2');
  } catch {
    return false;
  }
}

const keyArgs: Record<Alg, string[]> = {
  sm2: ['-algorithm', 'SM2'],
  rsa: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  'rsa-pss': ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  p256: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  p384: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'],
};

/** How a key of `alg` signs with openssl (certificates, CSRs, CRLs, dgst). */
export const signArgs = (alg: Alg): string[] =>
  alg === 'sm2'
    ? ['-sm3', '-sigopt', `distid:${SM2_ID}`]
    : alg === 'rsa-pss'
      ? ['-sha256', '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:32']
      : alg === 'p384'
        ? ['-sha384']
        : ['-sha256'];
/** `openssl ca` takes the digest as -md. */
const caSignArgs = (alg: Alg): string[] => signArgs(alg).flatMap((a) => (a === '-sm3' || a.startsWith('-sha') ? ['-md', a.slice(1)] : [a]));

let seq = 0;
const unique = () => `${process.pid}${Date.now() % 100000}${++seq}`;

/** A valid resident ID number, new each call. */
export function newIdNumber(): string {
  const n = unique().slice(-3).padStart(3, '0');
  const body = `510104198${seq % 10}0${1 + (seq % 9)}1${seq % 10}${n}`;
  return body + gb11643CheckDigit(body);
}

/** A valid USCC (91 企业, Chengdu), new each call. */
export function newUscc(): string {
  const u = unique();
  const org8 = `M${u.slice(-7).padStart(7, '0')}`;
  const first17 = `91510100${org8}${orgCodeCheckChar(org8)}`;
  return first17 + usccCheckChar(first17);
}

export interface Issued {
  alg: Alg;
  certPem: string;
  certPath: string;
  keyPath: string;
  /** PKCS#12 of key and certificate, password 12345678 unless given (RSA and ECDSA). */
  p12Path?: string;
  serial: string;
}

export interface LeafOptions {
  person?: { name: string; idNumber: string };
  org?: { name: string; uscc: string; clerk?: string };
  /** YYYYMMDDHHMMSSZ; default a year ago to ten years on. */
  notBefore?: string;
  notAfter?: string;
  keyUsage?: string;
  extKeyUsage?: string;
  crlUrl?: string;
  p12Password?: string;
}

export class TestCa {
  readonly certPem: string;
  readonly certPath: string;
  private constructor(
    readonly dir: string,
    readonly alg: Alg,
    readonly name: string,
    private readonly parent: TestCa | undefined,
  ) {
    this.certPath = join(dir, 'ca.crt');
    this.certPem = readFileSync(this.certPath, 'utf8');
  }

  /** A self-signed root. */
  static root(alg: Alg, name = `Shenfen Test ${alg.toUpperCase()} Root ${unique()}`, base = mkdtempSync(join(tmpdir(), 'shenfen-ca-'))): TestCa {
    const dir = join(base, name.replace(/\W+/g, '_'));
    TestCa.prepare(dir);
    openssl(['genpkey', ...keyArgs[alg], '-out', 'ca.key'], { cwd: dir });
    // Self-signed by `openssl ca -selfsign`, valid from two years ago (a test server's clock may stand a little behind).
    openssl(['req', '-new', '-key', 'ca.key', ...signArgs(alg), '-subj', `/C=CN/O=Shenfen Test/CN=${name}`, '-out', 'ca.csr', '-config', 'ca.cnf'], { cwd: dir });
    const vfy = alg === 'sm2' ? ['-vfyopt', `distid:${SM2_ID}`] : [];
    openssl(['ca', '-selfsign', '-config', 'ca.cnf', '-batch', '-notext', '-keyfile', 'ca.key', '-in', 'ca.csr', '-out', 'ca.crt', '-extensions', 'v3_ca', ...caSignArgs(alg), ...vfy,
      '-startdate', yearsFromNow(-2), '-enddate', yearsFromNow(20)], { cwd: dir });
    return new TestCa(dir, alg, name, undefined);
  }

  private static prepare(dir: string) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.txt'), '');
    writeFileSync(join(dir, 'serial'), `${(0x1000 + Math.floor(Math.random() * 0xefff)).toString(16)}\n`);
    writeFileSync(
      join(dir, 'ca.cnf'),
      `[ ca ]\ndefault_ca = CA_default\n[ CA_default ]\ndir = .\ndatabase = ./index.txt\nserial = ./serial\nnew_certs_dir = .\ncertificate = ./ca.crt\nprivate_key = ./ca.key\npolicy = pol\nunique_subject = no\ndefault_crl_days = 30\ndefault_md = default\ncopy_extensions = none\nutf8 = yes\nstring_mask = utf8only\n[ pol ]\ncountryName = optional\norganizationName = optional\norganizationalUnitName = optional\norganizationIdentifier = optional\nserialNumber = optional\ncommonName = supplied\n[ req ]\ndistinguished_name = dn\nutf8 = yes\nstring_mask = utf8only\n[ dn ]\n[ v3_ca ]\nbasicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = hash\n`,
    );
  }

  private sign(csr: string, out: string, ext: string, o: { notBefore?: string; notAfter?: string }, csrAlg: Alg) {
    writeFileSync(join(this.dir, 'ext.cnf'), `[ e ]\n${ext}`);
    const vfy = csrAlg === 'sm2' ? ['-vfyopt', `distid:${SM2_ID}`] : [];
    openssl(
      ['ca', '-config', 'ca.cnf', '-batch', '-notext', '-in', csr, '-out', out, '-extfile', 'ext.cnf', '-extensions', 'e', ...caSignArgs(this.alg), ...vfy,
        '-startdate', o.notBefore ?? yearsFromNow(-1), '-enddate', o.notAfter ?? yearsFromNow(10)],
      { cwd: this.dir },
    );
  }

  /** An intermediate CA under this one. */
  intermediate(alg: Alg = this.alg, name = `Shenfen Test ${alg.toUpperCase()} Intermediate ${unique()}`): TestCa {
    const dir = join(this.dir, '..', name.replace(/\W+/g, '_'));
    TestCa.prepare(dir);
    openssl(['genpkey', ...keyArgs[alg], '-out', 'ca.key'], { cwd: dir });
    openssl(['req', '-new', '-key', 'ca.key', ...signArgs(alg), '-subj', `/C=CN/O=Shenfen Test/CN=${name}`, '-out', 'ca.csr', '-config', 'ca.cnf'], { cwd: dir });
    this.sign(join(dir, 'ca.csr'), join(dir, 'ca.crt'), 'basicConstraints = critical,CA:TRUE,pathlen:0\nkeyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid:always\n', {}, alg);
    return new TestCa(dir, alg, name, this);
  }

  /** The chain above a leaf of this CA, this CA first (PEM). */
  chainPem(): string {
    return this.certPem + (this.parent && this.parent.parent ? this.parent.chainPem() : '');
  }

  /** A leaf certificate; `alg` is the leaf key's (default this CA's). */
  issue(o: LeafOptions, alg: Alg = this.alg): Issued {
    const id = unique();
    const dir = this.dir;
    const key = join(dir, `leaf-${id}.key`);
    const csr = join(dir, `leaf-${id}.csr`);
    const crt = join(dir, `leaf-${id}.crt`);
    openssl(['genpkey', ...keyArgs[alg], '-out', key]);
    const subj = o.org
      ? `/C=CN/O=${o.org.name}/organizationIdentifier=${o.org.uscc}/CN=${o.org.clerk ?? o.org.name}`
      : o.person
        ? `/C=CN/CN=${o.person.name}/serialNumber=${o.person.idNumber}`
        : `/C=CN/CN=nobody ${id}`;
    openssl(['req', '-new', '-utf8', '-key', key, ...signArgs(alg), '-subj', subj, '-out', csr, '-config', join(dir, 'ca.cnf')]);
    const ext = [
      'basicConstraints = critical,CA:FALSE',
      `keyUsage = critical,${o.keyUsage ?? 'digitalSignature,nonRepudiation'}`,
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid:always',
      ...(o.extKeyUsage ? [`extendedKeyUsage = ${o.extKeyUsage}`] : []),
      ...(o.crlUrl ? [`crlDistributionPoints = URI:${o.crlUrl}`] : []),
    ].join('\n');
    this.sign(csr, crt, `${ext}\n`, o, alg);
    const certPem = readFileSync(crt, 'utf8');
    const serial = openssl(['x509', '-in', crt, '-noout', '-serial']).toString().trim().replace(/^serial=/, '');
    let p12Path: string | undefined;
    if (alg !== 'sm2') {
      p12Path = join(dir, `leaf-${id}.p12`);
      writeFileSync(join(dir, `chain-${id}.pem`), this.chainPem());
      openssl(['pkcs12', '-export', '-inkey', key, '-in', crt, '-certfile', join(dir, `chain-${id}.pem`), '-passout', `pass:${o.p12Password ?? '12345678'}`, '-out', p12Path]);
    }
    return { alg, certPem, certPath: crt, keyPath: key, serial, ...(p12Path ? { p12Path } : {}) };
  }

  revoke(leaf: Issued): void {
    openssl(['ca', '-config', 'ca.cnf', '-revoke', leaf.certPath, '-crl_reason', 'keyCompromise'], { cwd: this.dir });
  }

  /** A CRL of this CA (DER) listing what was revoked, next update in `days`. */
  crl(days = 30): Buffer {
    openssl(['ca', '-config', 'ca.cnf', '-gencrl', '-crldays', String(days), ...caSignArgs(this.alg), '-out', 'crl.pem'], { cwd: this.dir });
    return openssl(['crl', '-in', 'crl.pem', '-outform', 'DER'], { cwd: this.dir });
  }
}

/** Signs `data` with the leaf's key by `openssl dgst` (the signature a UKey would make). */
export function opensslSign(leaf: Issued, data: Buffer): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'shenfen-sig-'));
  writeFileSync(join(dir, 'data'), data);
  openssl(['dgst', ...signArgs(leaf.alg), '-sign', leaf.keyPath, '-out', join(dir, 'sig'), join(dir, 'data')]);
  return readFileSync(join(dir, 'sig'));
}

/** Verifies with `openssl dgst` (to prove what our agent signs is what OpenSSL accepts). */
export function opensslVerify(leaf: Issued, data: Buffer, signature: Buffer): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'shenfen-sig-'));
  writeFileSync(join(dir, 'data'), data);
  writeFileSync(join(dir, 'sig'), signature);
  openssl(['x509', '-in', leaf.certPath, '-pubkey', '-noout', '-out', join(dir, 'pub.pem')]);
  try {
    const vfy = leaf.alg === 'sm2' ? ['-sm3', '-sigopt', `distid:${SM2_ID}`] : signArgs(leaf.alg);
    return openssl(['dgst', ...vfy, '-verify', join(dir, 'pub.pem'), '-signature', join(dir, 'sig'), join(dir, 'data')]).toString().includes('Verified OK');
  } catch {
    return false;
  }
}

export function yearsFromNow(years: number, from = new Date()): string {
  const d = new Date(from);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return `${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

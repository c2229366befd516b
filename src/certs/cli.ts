/** `shenfen ca add FILE | list | remove FINGERPRINT | crl FILE`: the CA anchors and CRLs certificate logins trust. */
import { readFileSync } from 'node:fs';
import type { AppContext } from '../context.js';
import { addAnchors, addConfiguredCrl, AnchorRefused, listAnchors, removeAnchor } from './anchors.js';
import { BadCertificate, UnsupportedAlgorithm } from './certificate.js';
import { BadCrl } from './crl.js';

export const CA_CLI_USAGE = `  ca add FILE | list | remove FINGERPRINT | crl FILE   CA certificates trusted for certificate login (PEM bundle or DER), and CRLs to use`;

export async function caCommand(ctx: AppContext, flags: string[]): Promise<number> {
  const [action, arg] = flags;
  const actor = `cli:${process.env.USER ?? 'operator'}`;
  try {
    if (action === 'list') {
      const rows = await listAnchors(ctx);
      if (rows.length === 0) console.log('no CA anchors: certificate login refuses every certificate (unknown CA) until one is added');
      for (const r of rows) console.log(`${r.fingerprint}\t${r.notAfter.toISOString().slice(0, 10)}\t${r.subject}`);
      return 0;
    }
    if (action === 'add' && arg) {
      const { added, present } = await addAnchors(ctx, readFileSync(arg), actor);
      for (const a of added) console.log(`added ${a.fingerprint} ${a.subject}`);
      for (const f of present) console.log(`already trusted ${f}`);
      return 0;
    }
    if (action === 'remove' && arg) {
      console.log(`removed ${await removeAnchor(ctx, arg, actor)}`);
      return 0;
    }
    if (action === 'crl' && arg) {
      const crl = await addConfiguredCrl(ctx, readFileSync(arg), actor);
      console.log(`CRL of ${crl.issuer}: ${crl.revoked} revoked, next update ${crl.nextUpdate?.toISOString() ?? 'none given'}`);
      return 0;
    }
  } catch (err) {
    if (err instanceof AnchorRefused || err instanceof BadCertificate || err instanceof UnsupportedAlgorithm || err instanceof BadCrl) {
      console.error(`refused: ${err.message}`);
      return 1;
    }
    throw err;
  }
  console.error(`usage: shenfen${CA_CLI_USAGE.replace(/^ +/, ' ').replace(/  +.*$/, '')}`);
  return 1;
}

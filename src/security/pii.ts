/** Encryption at rest (AES-256-GCM) and keyed-hash lookup (HMAC-SHA256) for sensitive personal data. */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

export interface PiiVault {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  /** A stable keyed hash for lookups: equal inputs give equal hashes, the key is needed to guess. */
  lookupHash(kind: string, normalised: string): string;
  /** A keyed MAC for other purposes (CSRF tokens, captcha answers, identifiers in logs). */
  mac(purpose: string, value: string): string;
}

function derive(master: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
}

/** `masterKey` is 32 bytes; each use gets its own derived key. */
export function createPiiVault(masterKey: Buffer): PiiVault {
  if (masterKey.length !== 32) throw new Error('data key must be 32 bytes');
  const encKey = derive(masterKey, 'shenfen/pii-encryption');
  const hashKey = derive(masterKey, 'shenfen/pii-lookup');
  const macKey = derive(masterKey, 'shenfen/mac');
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${VERSION}:${iv.toString('base64url')}:${ct.toString('base64url')}`;
    },
    decrypt(sealed) {
      const [version, ivText, ctText] = sealed.split(':');
      if (version !== VERSION || !ivText || !ctText) throw new Error('unknown ciphertext format');
      const data = Buffer.from(ctText, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(ivText, 'base64url'));
      decipher.setAuthTag(data.subarray(data.length - 16));
      return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
    },
    lookupHash(kind, normalised) {
      return createHmac('sha256', hashKey).update(`${kind}\0${normalised}`).digest('base64url');
    },
    mac(purpose, value) {
      return createHmac('sha256', macKey).update(`${purpose}\0${value}`).digest('base64url');
    },
  };
}

export function parseDataKey(text: string): Buffer {
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error('SHENFEN_DATA_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)');
  return key;
}

/** The CAS serviceResponse document (Appendix A of the CAS 3.0 spec) as XML or JSON, and the 1.0 text answer. */

export const CAS_NS = 'http://www.yale.edu/tp/cas';
export const XML_TYPE = 'application/xml;charset=UTF-8';
export const JSON_TYPE = 'application/json;charset=UTF-8';
export const TEXT_TYPE = 'text/plain;charset=UTF-8';

/** The spec's minimum set (2.5.3, 2.7.3). */
export type CasErrorCode =
  | 'INVALID_REQUEST'
  | 'INVALID_TICKET_SPEC'
  | 'UNAUTHORIZED_SERVICE_PROXY'
  | 'INVALID_PROXY_CALLBACK'
  | 'INVALID_TICKET'
  | 'INVALID_SERVICE'
  | 'INTERNAL_ERROR'
  | 'UNAUTHORIZED_SERVICE';

/** Attributes in document order; a name given twice is a multi-valued attribute. */
export type Attributes = Array<[name: string, value: string]>;

export type Outcome =
  | { ok: true; user: string; attributes: Attributes }
  | { ok: false; code: CasErrorCode; description: string };

// Characters XML 1.0 cannot carry at all, whatever the escaping (controls, lone surrogates, U+FFFE/F).
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlEscape(s: string): string {
  return s
    .replace(NOT_XML, '\uFFFD')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const wrap = (inner: string) => `<cas:serviceResponse xmlns:cas="${CAS_NS}">\n${inner}\n</cas:serviceResponse>\n`;

export function serviceResponseXml(outcome: Outcome): string {
  if (!outcome.ok) {
    return wrap(`  <cas:authenticationFailure code="${outcome.code}">${xmlEscape(outcome.description)}</cas:authenticationFailure>`);
  }
  const lines = [`  <cas:authenticationSuccess>`, `    <cas:user>${xmlEscape(outcome.user)}</cas:user>`];
  if (outcome.attributes.length > 0) {
    lines.push('    <cas:attributes>');
    for (const [name, value] of outcome.attributes) lines.push(`      <cas:${name}>${xmlEscape(value)}</cas:${name}>`);
    lines.push('    </cas:attributes>');
  }
  lines.push('  </cas:authenticationSuccess>');
  return wrap(lines.join('\n'));
}

/** The JSON rendering of 2.5.2 / 2.5.7 (`format=JSON`): multi-valued attributes become arrays. */
export function serviceResponseJson(outcome: Outcome): string {
  if (!outcome.ok) return JSON.stringify({ serviceResponse: { authenticationFailure: { code: outcome.code, description: outcome.description } } });
  const attributes: Record<string, string | string[]> = {};
  for (const [name, value] of outcome.attributes) {
    const prev = attributes[name];
    attributes[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  const success = { user: outcome.user, ...(outcome.attributes.length > 0 ? { attributes } : {}) };
  return JSON.stringify({ serviceResponse: { authenticationSuccess: success } });
}

export function proxyFailureXml(code: CasErrorCode, description: string): string {
  return wrap(`  <cas:proxyFailure code="${code}">${xmlEscape(description)}</cas:proxyFailure>`);
}

/** CAS 1.0 (/validate, 2.4.2). */
export const validateText = (outcome: Outcome) => (outcome.ok ? `yes\n${outcome.user}\n` : 'no\n\n');

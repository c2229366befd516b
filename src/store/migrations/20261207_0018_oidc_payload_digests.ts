/**
 * oidc-provider's rows stored under the digest of the value a request presents (the `_session`
 * cookie, codes, opaque tokens, interaction ids), as Shenfen's own sessions are, and without the
 * copies of it in their payloads (`jti`, an interaction's `session.cookie`): see
 * src/protocols/oidc/adapter.ts. Rows written before keep working: their ids become the same
 * digest (SHA-256, base64url without padding, as `tokenDigest`). Grants keep their ids.
 */
export const name = '20261207_0018_oidc_payload_digests';

export const up = /* sql */ `
update oidc_payloads
set id = translate(rtrim(encode(sha256(convert_to(id, 'UTF8')), 'base64'), '='), '+/', '-_'),
    payload = (payload - 'jti') #- '{session,cookie}'
where model <> 'Grant';
`;

/** A business system as oidc-provider client metadata. */
import type { BusinessSystem } from '../../business-systems/business-systems.js';

export function clientMetadata(system: BusinessSystem, clientSecret: string | null): Record<string, unknown> {
  const o = system.oidc!;
  const interactive = o.grantTypes.includes('authorization_code');
  return {
    client_id: system.id,
    client_name: system.name,
    ...(clientSecret ? { client_secret: clientSecret } : {}),
    redirect_uris: interactive ? o.redirectUris : [],
    post_logout_redirect_uris: o.postLogoutRedirectUris,
    grant_types: o.grantTypes,
    response_types: interactive ? ['code'] : [],
    token_endpoint_auth_method: o.tokenEndpointAuthMethod,
    id_token_signed_response_alg: o.idTokenSignedResponseAlg,
    ...(o.backchannelLogoutUri ? { backchannel_logout_uri: o.backchannelLogoutUri, backchannel_logout_session_required: true } : {}),
    subject_type: o.pairwiseSubject ? 'pairwise' : 'public',
    'urn:shenfen:min_level': system.minLevel,
    'urn:shenfen:first_party': system.firstParty,
  };
}

/** The admin JSON API's answers (src/http/routes/admin.ts): business systems. */
import { z } from 'zod';
import { AssuranceLevel } from './common.js';

export const BusinessSystem = z.strictObject({
  id: z.string(),
  name: z.string(),
  /** The OIDC client settings (src/business-systems/business-systems.ts `OidcSettings`), or null for a CAS-only system. */
  oidc: z.looseObject({ redirectUris: z.array(z.string()), tokenEndpointAuthMethod: z.string() }).nullable(),
  casServicePatterns: z.array(z.string()),
  minLevel: AssuranceLevel,
  firstParty: z.boolean(),
  apiClients: z.array(z.string()),
});
export const BusinessSystems = z.strictObject({ items: z.array(BusinessSystem) });
/** The client secret is shown once, here (null for a public or CAS-only system). */
export const BusinessSystemAdded = z.strictObject({ system: BusinessSystem, clientSecret: z.string().nullable() });

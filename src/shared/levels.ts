/** The assurance levels (实名等级, DESIGN.md), lowest first: one list for the server's schemas and the SPA, with no import (the SPA bundles it). */
export const ASSURANCE_LEVELS = ['L1', 'L2', 'L3', 'L4', 'L5'] as const;
export type AssuranceLevel = (typeof ASSURANCE_LEVELS)[number];

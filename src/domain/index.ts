// Public entry point of the pure domain rules.
export * from './result.js';
export * from './gb11643.js';
export * from './resident-id.js';
export * from './id-documents.js';
export * from './uscc.js';
export * from './phone.js';
export * from './bank-card.js';
export * from './mask.js';
export * from './common-passwords.js';
export * from './password-policy.js';
export * from './assurance.js';
export * from './nickname.js';

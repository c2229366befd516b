// The face capture pages (issue 13), one chunk loaded only there (web/src/App.tsx); Human itself is a
// further chunk, loaded once the person has agreed (./human.ts).
export { RealNameFacePage } from './RealNameFacePage';
export { RecoveryFaceVerify } from './RecoveryFaceVerify';

// The pension certification pages (issue 14, seed 003): one chunk, loaded only there (web/src/App.tsx);
// the figures' charts are a further chunk (./FiguresCharts.tsx), and Human that of the face pages.
export { PensionLayout } from './PensionLayout';
export { PensionEntryPage } from './PensionEntryPage';
export { PensionCenterPage } from './PensionCenterPage';
export { PensionCertifyPage } from './PensionCertifyPage';
export { PensionResultsPage } from './PensionResultsPage';
export { PensionDownloadsPage, PensionFaqPage } from './PensionInfoPages';
export { StaffPensionPage } from './StaffPensionPage';
export { AccountPensionPanel } from './AccountPensionPanel';

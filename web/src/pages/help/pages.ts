// 帮助中心 and its guides and FAQ (signed out), loaded as one chunk (web/src/App.tsx).
export { FaqPage } from './FaqPage';
export { GuidePage } from './GuidePage';
export { HelpCentrePage } from './HelpCentrePage';

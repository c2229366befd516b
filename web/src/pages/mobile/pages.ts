// The mobile companion (/m, same SPA): 扫码登录's confirm page, loaded as its own chunk (web/src/App.tsx).
export { QrConfirmPage } from './QrConfirmPage';

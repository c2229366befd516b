// 找回密码 and 找回用户名, loaded as one chunk (web/src/App.tsx).
export { ForgotPasswordPage } from './ForgotPasswordPage';
export { ForgotUsernamePage } from './ForgotUsernamePage';

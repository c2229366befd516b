// 找回密码, 找回用户名 and 密码修改 (signed out), loaded as one chunk (web/src/App.tsx).
export { ForgotPasswordPage } from './ForgotPasswordPage';
export { ForgotUsernamePage } from './ForgotUsernamePage';
export { PasswordChangePage } from './PasswordChangePage';

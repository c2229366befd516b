// 注册 (username and phone registration), loaded as one chunk (web/src/App.tsx).
export { PhoneRegisterPage } from './PhoneRegisterPage';
export { RegisterPage } from './RegisterPage';

// The words of each deployment profile (SHENFEN_PROFILE, sent by GET /api/meta): where a province's
// manual (the seeds) names a label differently from the shared catalog, its word wins on that
// deployment. Only zh-CN differs; English stays one text.
import type { Lang } from './lang';
import type { Messages } from './zh-CN';

export type Profile = 'guangdong' | 'shenzhen' | 'sichuan';
export const PROFILES: readonly Profile[] = ['guangdong', 'shenzhen', 'sichuan'];

const SICHUAN_AGREEMENT = '四川省电子政务网注册协议';

export const PROFILE_WORDS: Record<Profile, Partial<Record<Lang, Partial<Messages>>>> = {
  // Seed 000 (广东人社 isso).
  guangdong: {
    'zh-CN': {
      'app.department': '广东省人力资源和社会保障厅',
      'forgotPassword.method.security_questions': '密保问题找回',
      'forgotPassword.method.sms': '手机验证找回',
      'forgotPassword.method.bank4': '银联认证找回',
      'forgotPassword.method.face': '刷脸认证找回',
      'account.menu.orgs': '父账号信息',
      'realName.method.bank4': '银联实名认证',
      'phone.title': '手机绑定',
    },
  },
  // Seed 001 (深圳人社统一用户管理): 输入‘个人用户名’‘密码’‘验证码’.
  shenzhen: {
    'zh-CN': {
      'app.department': '深圳市人力资源和社会保障局',
      'captcha.label': '验证码',
      'captcha.required': '请输入验证码',
    },
  },
  // Seed 002 (四川政务服务网): 【口令认证】【短信登录】, 《四川省电子政务网注册协议》, 【安全设置】, 银行卡预留手机号.
  sichuan: {
    'zh-CN': {
      'app.department': '四川省人力资源和社会保障厅',
      'login.method.password': '口令认证',
      'login.method.sms': '短信登录',
      'login.method.password.short': '口令认证',
      'register.agreement.title': SICHUAN_AGREEMENT,
      'register.agree': `我已阅读并同意《${SICHUAN_AGREEMENT}》`,
      'register.agree.required': `请先阅读并勾选同意《${SICHUAN_AGREEMENT}》`,
      'phoneRegister.agree': `我已阅读并同意《${SICHUAN_AGREEMENT}》`,
      'account.menu.security': '安全设置',
      'realName.sms.bankPhone': '银行卡预留手机号',
    },
  },
};

export const isProfile = (value: unknown): value is Profile => typeof value === 'string' && (PROFILES as readonly string[]).includes(value);

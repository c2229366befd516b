// Each deployment profile speaks its province's manual where that names a label differently.
import { describe, expect, it } from 'vitest';
import { enUS } from '../../web/src/i18n/en-US';
import { PROFILE_WORDS, PROFILES } from '../../web/src/i18n/profiles';
import { translate } from '../../web/src/i18n/translate';
import { zhCN, type MessageKey } from '../../web/src/i18n/zh-CN';

describe('profile words', () => {
  it('uses seed 002’s words on the sichuan profile and the shared catalog elsewhere', () => {
    expect(translate('zh-CN', 'login.method.password', undefined, 'sichuan')).toBe('口令认证');
    expect(translate('zh-CN', 'login.method.sms', undefined, 'sichuan')).toBe('短信登录');
    expect(translate('zh-CN', 'register.agree', undefined, 'sichuan')).toBe('我已阅读并同意《四川省电子政务网注册协议》');
    expect(translate('zh-CN', 'login.method.password', undefined, 'guangdong')).toBe(zhCN['login.method.password']);
    expect(translate('zh-CN', 'login.method.password')).toBe('用户名密码登录');
  });

  it('uses seed 000’s recovery words on guangdong and seed 001’s 验证码 on shenzhen', () => {
    expect(translate('zh-CN', 'forgotPassword.method.bank4', undefined, 'guangdong')).toBe('银联认证找回');
    expect(translate('zh-CN', 'account.menu.orgs', undefined, 'guangdong')).toBe('父账号信息');
    expect(translate('zh-CN', 'captcha.label', undefined, 'shenzhen')).toBe('验证码');
    expect(translate('zh-CN', 'forgotPassword.method.bank4', undefined, 'shenzhen')).toBe(zhCN['forgotPassword.method.bank4']);
  });

  it('leaves English alone, and only overrides labels that exist, with no placeholder lost', () => {
    for (const profile of PROFILES) {
      for (const [lang, words] of Object.entries(PROFILE_WORDS[profile])) {
        for (const [key, text] of Object.entries(words ?? {})) {
          expect(key in zhCN, `${profile} ${lang} ${key}`).toBe(true);
          const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
          expect(placeholders(text as string)).toEqual(placeholders(zhCN[key as MessageKey]));
        }
      }
      expect(translate('en-US', 'login.method.password', undefined, profile)).toBe(enUS['login.method.password']);
    }
  });
});

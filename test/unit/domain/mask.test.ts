// Tests for display masking helpers.
import { describe, expect, it } from 'vitest';
import { maskBankCard, maskEmail, maskIdNumber, maskName, maskPhone } from '../../../src/domain/mask.js';

describe('maskPhone', () => {
  it.each([
    ['18512340901', '185****0901'],
    ['185 1234 0901', '185****0901'],
    ['185-1234-0901', '185****0901'],
    ['+8618512340901', '+86*******0901'],
    ['1851234090', '**********'],
    ['1851234', '*******'],
    ['1', '*'],
    ['', ''],
  ])('%s → %s', (input, masked) => {
    expect(maskPhone(input)).toBe(masked);
  });
});

describe('maskIdNumber', () => {
  it.each([
    ['440101199001011234', '4401**********1234'],
    ['11010519491231002X', '1101**********002X'],
    ['110105491231002', '1101*******1002'],
    ['USA123456789012', 'USA1*******9012'],
    ['123456789012', '1234****9012'],
    ['H1234567801', '***********'],
    ['H12345678', '*********'],
    ['12345678', '********'],
    ['123', '***'],
    ['', ''],
  ])('%s → %s', (input, masked) => {
    expect(maskIdNumber(input)).toBe(masked);
  });
});

describe('maskBankCard', () => {
  it.each([
    ['6222021234567890128', '6222***********0128'],
    ['6222 0212 3456 7890 128', '6222***********0128'],
    ['4111111111111111', '4111********1111'],
    ['601382123458', '6013****3458'],
    ['12345678', '********'],
    ['', ''],
  ])('%s → %s', (input, masked) => {
    expect(maskBankCard(input)).toBe(masked);
  });
});

describe('maskName', () => {
  it.each([
    ['张三丰', '张*丰'],
    ['张三', '*三'],
    ['张', '*'],
    ['欧阳娜娜', '欧**娜'],
    ['阿卜杜拉·买买提', '阿******提'],
    ['𠮷野家', '𠮷*家'],
    ['𠮷野', '*野'],
    [' 李四 ', '*四'],
    ['Li Lei', 'L****i'],
    ['', ''],
  ])('%s → %s', (input, masked) => {
    expect(maskName(input)).toBe(masked);
  });
});

describe('maskEmail', () => {
  it.each([
    ['zhangsan@example.com', 'z*******@example.com'],
    ['ab@b.cn', 'a*@b.cn'],
    ['a@b.cn', '*@b.cn'],
    ['名字@例子.中国', '名*@例子.中国'],
    ['no-at-sign', '**********'],
    ['@example.com', '************'],
    ['user@', '*****'],
    ['', ''],
  ])('%s → %s', (input, masked) => {
    expect(maskEmail(input)).toBe(masked);
  });
});

describe('masks never throw', () => {
  it.each([
    ['maskPhone', maskPhone],
    ['maskIdNumber', maskIdNumber],
    ['maskBankCard', maskBankCard],
    ['maskName', maskName],
    ['maskEmail', maskEmail],
  ])('%s tolerates null/undefined from untyped callers', (_name, mask) => {
    expect(mask(undefined as unknown as string)).toBe('');
    expect(mask(null as unknown as string)).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { localeFromAcceptLanguage } from '@/lib/i18n/config';

describe('localeFromAcceptLanguage', () => {
  it('reads Simplified Chinese for any Chinese variant', () => {
    expect(localeFromAcceptLanguage('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(localeFromAcceptLanguage('zh-TW')).toBe('zh-CN');
    expect(localeFromAcceptLanguage('zh')).toBe('zh-CN');
  });

  it('honours q-values over order', () => {
    expect(localeFromAcceptLanguage('en;q=0.5, zh-CN;q=0.9')).toBe('zh-CN');
    expect(localeFromAcceptLanguage('zh-CN;q=0.1, en-GB')).toBe('en');
  });

  it('falls back to English for missing, unknown or refused languages', () => {
    expect(localeFromAcceptLanguage(undefined)).toBe('en');
    expect(localeFromAcceptLanguage('fr-FR,de;q=0.8')).toBe('en');
    expect(localeFromAcceptLanguage('zh-CN;q=0, fr')).toBe('en');
  });
});

import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import en from '@/lib/i18n/messages/en.json';
import zh from '@/lib/i18n/messages/zh-CN.json';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

/** Argument names of an ICU message, from its parsed form (select branches are not arguments). */
function placeholders(text: string): string[] {
  const names = new Set<string>();
  const walk = (nodes: MessageFormatElement[]) => {
    for (const node of nodes) {
      if ('value' in node && typeof node.value === 'string' && node.type !== TYPE.literal)
        names.add(node.value);
      if ('options' in node) for (const option of Object.values(node.options)) walk(option.value);
      if ('children' in node) walk(node.children);
    }
  };
  walk(parse(text));
  return [...names].sort();
}

function get(obj: object, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], obj);
}

describe('i18n catalogs', () => {
  it('English and Simplified Chinese have exactly the same keys', () => {
    expect(keys(zh).sort()).toEqual(keys(en).sort());
  });

  it('every message is translated (no empty strings) and keeps the same placeholders', () => {
    for (const key of keys(en)) {
      const a = get(en, key);
      const b = get(zh, key);
      expect(typeof a === 'string' && a.length > 0, `en ${key}`).toBe(true);
      expect(typeof b === 'string' && b.length > 0, `zh-CN ${key}`).toBe(true);
      expect(placeholders(String(b)), key).toEqual(placeholders(String(a)));
    }
  });
});

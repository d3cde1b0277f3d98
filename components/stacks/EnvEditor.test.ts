import { describe, expect, it } from 'vitest';
import { envValue } from '@/components/stacks/EnvEditor';
import { ENV_MASK, parseEnv } from '@/lib/stacks/env';

describe('envValue', () => {
  it('writes plain values and the mask as they are', () => {
    expect(envValue('postgres')).toBe('postgres');
    expect(envValue(ENV_MASK)).toBe(ENV_MASK);
    expect(envValue('')).toBe('');
  });

  it('quotes values Compose would otherwise cut or expand, and reads back the same value', () => {
    for (const value of ['two words', 'a#b', 'say "hi"', 'cost $5', 'back\\slash', 'line\nbreak']) {
      const written = envValue(value);
      expect(written.startsWith('"')).toBe(true);
      expect(parseEnv(`K=${written}`)[0]?.value).toBe(value);
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SECURITY_SETTINGS } from '@/lib/settings/security';
import { anyValue, fuzzParams, nastyString } from '@/lib/testing/fuzz';
import type { EngineFacts } from '@/server/security/policy';
import { checkStackConfig, checkStackSources, stackPolicyReferences } from '@/server/stacks/policy';

/**
 * A rendered config comes from Compose, but a surprise in its shape must still be a refusal or a pass, never a
 * throw (a 500). Configs here are built from Compose's own keys with values of any type.
 */
const SERVICE_KEYS = [
  'privileged',
  'volumes',
  'volumes_from',
  'network_mode',
  'pid',
  'ipc',
  'uts',
  'userns_mode',
  'cgroup',
  'networks',
  'cap_add',
  'devices',
  'device_cgroup_rules',
  'gpus',
  'deploy',
  'sysctls',
  'security_opt',
  'secrets',
  'configs',
  'build',
  'develop',
  'env_file',
  'extends',
];

const value: fc.Arbitrary<unknown> = fc.oneof(
  anyValue,
  nastyString,
  fc.constantFrom('host', 'container:x', 'service:y', '/etc', 'data', true),
  fc.array(
    fc.oneof(
      nastyString,
      fc.record({
        type: fc.constantFrom('bind', 'volume', 'tmpfs', 'npipe'),
        source: nastyString,
        target: nastyString,
      }),
    ),
    { maxLength: 3 },
  ),
);
const service = fc.dictionary(fc.constantFrom(...SERVICE_KEYS), value, { maxKeys: 6 });
const config = fc.record(
  {
    services: fc.oneof(fc.dictionary(nastyString, service, { maxKeys: 3 }), anyValue),
    volumes: fc.oneof(
      fc.dictionary(
        nastyString,
        fc.record({ driver: value, driver_opts: value, external: value, name: value }),
        { maxKeys: 2 },
      ),
      anyValue,
    ),
    networks: anyValue,
    secrets: anyValue,
  },
  { requiredKeys: [] },
);

const facts: EngineFacts = { container: () => undefined, volume: () => undefined };

describe('stack policy (fuzz)', () => {
  it('answers violations for any config shape and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(config, anyValue), (input) => {
        const refs = stackPolicyReferences(input);
        expect(Array.isArray(refs.containers) && Array.isArray(refs.volumes)).toBe(true);
        const violations = checkStackConfig(input, DEFAULT_SECURITY_SETTINGS, facts, { projectDir: '/p' });
        for (const v of violations) expect(typeof v.message).toBe('string');
      }),
      fuzzParams(1500),
    );
  }, 30_000);

  it('reads any compose text for the files it names without throwing', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          nastyString,
          fc
            .jsonValue()
            .map((v) => JSON.stringify({ services: { a: { env_file: v, extends: v } }, include: v })),
        ),
        (text) => {
          expect(Array.isArray(checkStackSources({ compose: text }, DEFAULT_SECURITY_SETTINGS, '/p'))).toBe(
            true,
          );
        },
      ),
      fuzzParams(800),
    );
  }, 30_000);
});

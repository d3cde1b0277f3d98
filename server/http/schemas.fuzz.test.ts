import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as audit from '@/lib/audit/types';
import * as authSchemas from '@/lib/auth/schemas';
import * as containerActions from '@/lib/containers/actions';
import * as containerForm from '@/lib/containers/form';
import * as exec from '@/lib/exec/types';
import * as keyValue from '@/lib/forms/key-value';
import * as build from '@/lib/images/build';
import * as imageSchemas from '@/lib/images/schemas';
import * as networks from '@/lib/networks/form';
import * as prune from '@/lib/prune/types';
import * as contract from '@/lib/realtime/contract';
import * as registries from '@/lib/registries/schemas';
import * as appSettings from '@/lib/settings/app';
import * as security from '@/lib/settings/security';
import { anyValue, fuzzParams, keysOf, nastyString, objectWithKeys } from '@/lib/testing/fuzz';
import * as volumes from '@/lib/volumes/form';
import * as archive from '@/server/http/archive';
import { HttpError } from '@/server/http/errors';
import { parseWith } from '@/server/http/route';
import * as httpSchemas from '@/server/http/schemas';

/**
 * Every zod schema the routes and socket events parse with, found by what the modules export (a schema
 * added to one of them is fuzzed without editing this file). Whatever arrives, parsing answers a value or
 * a 400 naming the fields: never another exception (a refinement or transform that throws would be a 500).
 */
const MODULES = {
  audit,
  authSchemas,
  containerActions,
  containerForm,
  exec,
  keyValue,
  build,
  imageSchemas,
  networks,
  prune,
  contract,
  registries,
  appSettings,
  security,
  volumes,
  archive,
  httpSchemas,
};

function exportedSchemas(): [string, z.ZodType][] {
  const found: [string, z.ZodType][] = [];
  for (const [module, exports] of Object.entries(MODULES)) {
    for (const [name, value] of Object.entries(exports)) {
      if (value instanceof z.ZodType) found.push([`${module}.${name}`, value]);
      // Schema factories such as keyValueList(what).
      else if (typeof value === 'function' && value.length === 1 && /List$/.test(name)) {
        const made: unknown = (value as (what: string) => unknown)('a fuzzed entry');
        if (made instanceof z.ZodType) found.push([`${module}.${name}()`, made]);
      }
    }
  }
  return found;
}

/** Only a 400 may come out of parsing. */
function parseOrRefuse(schema: z.ZodType, input: unknown): void {
  try {
    parseWith(schema, input, 'body');
  } catch (err) {
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(400);
    expect((err as HttpError).fields?.length).toBeGreaterThan(0);
  }
}

const SCHEMAS = exportedSchemas();

describe('every exported schema, fuzzed', () => {
  it('finds the schemas of the routes and of the socket contract', () => {
    const names = SCHEMAS.map(([name]) => name);
    expect(names).toContain('containerForm.containerFormSchema');
    expect(names).toContain('contract.logsSubscribeSchema');
    expect(names).toContain('build.buildRequestSchema');
    expect(names).toContain('httpSchemas.containerPath');
    expect(SCHEMAS.length).toBeGreaterThan(30);
  });

  it.each(SCHEMAS)('%s parses or refuses any value with a 400', (_, schema) => {
    fc.assert(
      fc.property(anyValue, (input) => parseOrRefuse(schema, input)),
      fuzzParams(300),
    );
  });

  it.each(SCHEMAS.filter(([, schema]) => keysOf(schema).length > 0))(
    '%s parses or refuses objects with its own keys holding anything',
    (_, schema) => {
      fc.assert(
        fc.property(objectWithKeys(keysOf(schema)), (input) => parseOrRefuse(schema, input)),
        fuzzParams(400),
      );
    },
  );

  it.each(SCHEMAS.filter(([, schema]) => keysOf(schema).length === 0))(
    '%s parses or refuses any string',
    (_, schema) => {
      fc.assert(
        fc.property(nastyString, (input) => parseOrRefuse(schema, input)),
        fuzzParams(400),
      );
    },
  );
});

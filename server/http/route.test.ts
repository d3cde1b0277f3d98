import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { endpoint } from '@/lib/api/endpoint';
import { HttpError } from '@/server/http/errors';
import { route } from '@/server/http/route';

const greeting = endpoint<{ greeting: string }>()('GET', '/api/greeting');
const ctx = { params: Promise.resolve({}) };

describe('route with an endpoint', () => {
  it('answers what its handler returns as the endpoint’s JSON', async () => {
    const GET = route({
      endpoint: greeting,
      permission: 'public',
      handler: async () => ({ greeting: 'hello' }),
    });
    const res = await GET(new Request('http://berth.test/api/greeting'), ctx);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ greeting: 'hello' });
  });

  it('does not typecheck a handler whose answer is not the endpoint’s response type', () => {
    const GET = route({
      endpoint: greeting,
      permission: 'public',
      // @ts-expect-error the endpoint declares { greeting: string }: tsc refuses this handler
      handler: async () => ({ greeting: 42 }),
    });
    expect(typeof GET).toBe('function');
  });

  it('still lets a handler answer a Response of its own (a download, a 201)', async () => {
    const GET = route({
      endpoint: greeting,
      permission: 'public',
      handler: async () => Response.json({ greeting: 'made' }, { status: 201 }),
    });
    const res = await GET(new Request('http://berth.test/api/greeting'), ctx);
    expect(res.status).toBe(201);
  });

  it('does not typecheck a body schema that refuses what the endpoint lets the browser send', () => {
    const rename = endpoint<{ ok: true }, { name: string }>()('POST', '/api/rename');
    const accepted = route({
      endpoint: rename,
      permission: 'public',
      body: z.object({ name: z.string().trim().min(1) }),
      handler: async () => ({ ok: true as const }),
    });
    const refused = route({
      endpoint: rename,
      permission: 'public',
      // @ts-expect-error the endpoint sends { name: string }; this schema wants a number
      body: z.object({ name: z.number() }),
      handler: async () => ({ ok: true as const }),
    });
    expect([typeof accepted, typeof refused]).toEqual(['function', 'function']);
  });
});

describe('route status', () => {
  it('answers a returned value with the status the route declares (201 for a creation)', async () => {
    const made = endpoint<{ id: string }>()('GET', '/api/made');
    const GET = route({
      endpoint: made,
      permission: 'public',
      status: 201,
      handler: async () => ({ id: 'x' }),
    });
    const res = await GET(new Request('http://berth.test/api/made'), ctx);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: 'x' });
  });
});

describe('route with a credential of its own (/metrics)', () => {
  const GET = route({
    permission: {
      own: 'test-token',
      check: (req) => {
        if (req.headers.get('authorization') !== 'Bearer right')
          throw new HttpError(401, 'unauthorized', 'Send the token');
      },
    },
    handler: async ({ principal }) => new Response(principal.kind),
  });

  it('runs its check instead of the session guard, and answers its refusal in the envelope', async () => {
    const refused = await GET(new Request('http://berth.test/metrics'), ctx);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({
      error: { message: 'Send the token', code: 'unauthorized', status: 401 },
    });
    const ok = await GET(
      new Request('http://berth.test/metrics', { headers: { authorization: 'Bearer right' } }),
      ctx,
    );
    expect(ok.status).toBe(200);
    // No user behind it: the handler sees an anonymous principal.
    expect(await ok.text()).toBe('anonymous');
  });
});

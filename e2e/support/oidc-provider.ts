import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/**
 * A real OpenID provider (`oidc-provider`, the certified implementation) on loopback for the OIDC tests: one
 * confidential client whose redirect URIs the test gives, PKCE required, and accounts whose `groups` claim the
 * test can change between sign-ins. Its development interactions (a login form that accepts any name, then a
 * consent form) stand in for the organisation's login page.
 */
export interface TestAccount {
  username: string;
  groups: string[];
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, TestAccount>;
  close: () => Promise<void>;
}

export async function startTestProvider(opts: {
  port: number;
  redirectUris: string[];
  clientId?: string;
  clientSecret?: string;
}): Promise<TestProvider> {
  const issuer = `http://127.0.0.1:${opts.port}`;
  const clientId = opts.clientId ?? 'berth-test';
  const clientSecret = opts.clientSecret ?? 'berth-test-secret-0123456789abcdef';
  const accounts = new Map<string, TestAccount>();
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: opts.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    // `groups` comes with the openid scope; as most providers do by default, the ID token carries only what
    // identifies the user and the rest comes from userinfo (Berth reads both).
    claims: { openid: ['sub', 'groups'], profile: ['preferred_username', 'name'], email: ['email'] },
    findAccount: (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: () => {
        const account = accounts.get(id);
        return {
          sub: id,
          preferred_username: account?.username ?? id,
          name: account?.username ?? id,
          email: `${account?.username ?? id}@example.test`,
          groups: account?.groups ?? [],
        };
      },
    }),
    features: { devInteractions: { enabled: true } },
    // Set, so the provider does not print a notice for each default lifetime it uses.
    ttl: {
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      AccessToken: 600,
      IdToken: 600,
      AuthorizationCode: 60,
    },
    cookies: { keys: ['berth-oidc-test-cookie-key'] },
    // The dev interactions render a page that loads a web font: no network here, and no need.
    renderError: (ctx: { type: string; body: string }, out: Record<string, string>) => {
      ctx.type = 'html';
      ctx.body = `<pre>${JSON.stringify(out)}</pre>`;
    },
  });
  // oidc-provider logs a warning per dev feature; nothing of it is a test failure.
  const server = http.createServer(provider.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  return {
    issuer: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    clientId,
    clientSecret,
    accounts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Cookies by name, as a browser would keep them for one site (paths ignored: the provider does not mind). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Signs in at the provider as `accountId` by following its redirects and submitting its login and consent
 * forms, until it sends the browser to `redirectPrefix`: that URL (the code, the state) is returned unopened.
 * `abort` cancels at the login form instead (the provider then answers `error=access_denied`).
 */
export async function signInAtProvider(
  authorizationUrl: string,
  accountId: string,
  redirectPrefix: string,
  opts: { jar?: CookieJar; abort?: boolean } = {},
): Promise<string> {
  const jar = opts.jar ?? new CookieJar();
  let url = authorizationUrl;
  let method: 'GET' | 'POST' = 'GET';
  let body: URLSearchParams | undefined;
  for (let step = 0; step < 20; step++) {
    if (url.startsWith(redirectPrefix)) return url;
    const res = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        cookie: jar.header(),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body ? { body } : {}),
    });
    jar.take(res);
    const location = res.headers.get('location');
    if (location) {
      url = new URL(location, url).href;
      method = 'GET';
      body = undefined;
      continue;
    }
    const html = await res.text();
    if (res.status !== 200)
      throw new Error(`provider answered ${res.status} at ${url}: ${html.slice(0, 500)}`);
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (opts.abort && prompt === 'login') {
      url = `${url.replace(/\/$/, '')}/abort`;
      continue;
    }
    method = 'POST';
    if (prompt === 'login') body = new URLSearchParams({ prompt, login: accountId, password: 'any' });
    else if (prompt === 'consent') body = new URLSearchParams({ prompt });
    else throw new Error(`unexpected provider page at ${url}: ${html.slice(0, 500)}`);
  }
  throw new Error('the provider never sent the browser back');
}

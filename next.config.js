import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin({
  requestConfig: './lib/i18n/request.ts',
  experimental: {
    // The catalogs are compiled at build time, so the browser formats messages without shipping the ICU
    // parser (~12 kB gzip on every page).
    messages: { path: './lib/i18n/messages', format: 'json', locales: 'infer', precompile: true },
  },
});

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  experimental: {
    // Next loads every route's server bundle at start by default; Turbopack gives each route its own copy of
    // shared modules, so that held ~60 MB of source text for routes nobody had opened (bench/results.md,
    // footprint). Routes load on their first request instead.
    preloadEntriesOnStart: false,
  },
  // Native and Node-only engine clients stay out of the bundle.
  serverExternalPackages: [
    'dockerode',
    'docker-modem',
    'ssh2',
    'cpu-features',
    'better-sqlite3',
    'tar-stream',
    // Packages the custom server (dist/server.mjs) loads from node_modules too: bundled, each route chunk group
    // carried its own copy beside the server's, compiled and kept as source text once more per copy.
    'zod',
    'yaml',
    'nodemailer',
    'otpauth',
    'rate-limiter-flexible',
    'ipaddr.js',
    'shell-quote',
    '@node-rs/argon2',
    'ldapts',
    '@simplewebauthn/server',
    'qrcode',
    'prom-client',
  ],
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);

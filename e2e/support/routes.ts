import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The /api route table, read from the source tree: every app/api route file, each exported method and the
 * `permission:` of the route() call it is built with. Tests walk it, so a route added later is covered
 * without editing them.
 */

export const API_DIR = path.resolve(import.meta.dirname, '..', '..', 'app', 'api');
export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type Method = (typeof METHODS)[number];

/** A path segment: as written, or a dynamic one (`[id]`, `[...unknown]`) by its name. */
export type Segment = { literal: string } | { dynamic: string };

export interface RouteEntry {
  method: Method;
  file: string;
  /** The `permission:` of the route() call the handler is built with, or null when there is none. */
  permission: string | null;
  segments: Segment[];
  /** `GET /api/containers/[id]`: the method and the route's pattern. */
  pattern: string;
}

function segmentsOf(file: string): Segment[] {
  return path
    .dirname(file)
    .split(path.sep)
    .filter((segment) => segment !== '.' && !/^\(.*\)$/.test(segment)) // route groups add no URL segment
    .map((segment) => {
      const dynamic = /^\[{1,2}(?:\.\.\.)?([^\]]+)\]{1,2}$/.exec(segment)?.[1];
      return dynamic ? { dynamic } : { literal: segment };
    });
}

/** The URL of a route with its dynamic segments filled in (already encoded: they go into the path as given). */
export function urlOf(segments: readonly Segment[], values: (name: string) => string): string {
  return ['/api', ...segments.map((s) => ('literal' in s ? s.literal : values(s.dynamic)))].join('/');
}

export function enumerateRoutes(): RouteEntry[] {
  const files = readdirSync(API_DIR, { recursive: true, encoding: 'utf8' })
    .filter((file) => path.basename(file) === 'route.ts')
    .sort();
  const routes: RouteEntry[] = [];
  for (const file of files) {
    const source = readFileSync(path.join(API_DIR, file), 'utf8');
    const segments = segmentsOf(file);
    const pattern = ['/api', ...segments.map((s) => ('literal' in s ? s.literal : `[${s.dynamic}]`))].join(
      '/',
    );
    const exports = [...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)];
    for (const [index, match] of exports.entries()) {
      const method = match[1] as Method;
      // The handler's own text: from its export to the next one.
      const chunk = source.slice(match.index, exports[index + 1]?.index ?? source.length);
      const permission =
        /^export const \w+ = route\(\{[\s\S]*?permission: '([^']+)'/.exec(chunk)?.[1] ?? null;
      routes.push({ method, file, permission, segments, pattern: `${method} ${pattern}` });
    }
  }
  return routes;
}

import { HttpError } from '@/server/http/errors';
import { route } from '@/server/http/route';

/*
 * Any /api path no route matches: the JSON envelope a client of the API can read, not Next.js's HTML 404 page.
 * Anonymous callers never get here (the outer gate answers 401 first), so the list of routes is not probed.
 */
async function notFound({ req }: { req: Request }): Promise<never> {
  throw new HttpError(404, 'not_found', `No API route for ${req.method} ${new URL(req.url).pathname}`);
}

export const GET = route({ permission: 'self', audit: false, handler: notFound });
export const POST = route({ permission: 'self', audit: false, handler: notFound });
export const PUT = route({ permission: 'self', audit: false, handler: notFound });
export const PATCH = route({ permission: 'self', audit: false, handler: notFound });
export const DELETE = route({ permission: 'self', audit: false, handler: notFound });

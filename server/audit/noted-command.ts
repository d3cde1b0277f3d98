/**
 * The command a handler only learns while it runs (the container a volume upload went through), for its
 * request's audit entry: the handler notes it, the route's `audit.command` reads it back. Kept by request,
 * so nothing outlives the request.
 */
const noted = new WeakMap<Request, string>();

export function noteAuditCommand(req: Request, command: string): void {
  noted.set(req, command);
}

export function notedAuditCommand(req: Request): string | undefined {
  return noted.get(req);
}

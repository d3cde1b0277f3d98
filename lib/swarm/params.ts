import { z } from 'zod';

/** Route params and queries of the Swarm endpoints: engine ids or names (a service, node, secret, config). */
const ref = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'An id or a name');

export const swarmIdParams = z.object({ id: ref });
export const stackNameParams = z.object({ name: ref });
export const swarmTasksQuery = z.object({ service: ref.optional(), node: ref.optional() });

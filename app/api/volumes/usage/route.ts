import { volumeUsage } from '@/server/docker/volumes';
import { route } from '@/server/http/route';

/** Sizes apart from the list: `system df` walks every volume and may take seconds. */
export const GET = route({ permission: 'volumes:read', handler: () => volumeUsage() });

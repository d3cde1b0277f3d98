import { listImages } from '@/server/docker/images';
import { route } from '@/server/http/route';

export const GET = route({ permission: 'images:read', handler: () => listImages() });

import { engineInfo } from '@/server/docker/engine';
import { route } from '@/server/http/route';

export const GET = route({ permission: 'engine:read', handler: () => engineInfo() });

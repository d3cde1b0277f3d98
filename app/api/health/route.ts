import { health } from '@/server/docker/engine';
import { route } from '@/server/http/route';

export const GET = route({ permission: 'public', handler: () => health() });

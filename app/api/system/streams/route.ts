import { route } from '@/server/http/route';
import { realtimeStats } from '@/server/realtime/stats';

/** Open engine streams and their viewers: one engine stream per object, however many watch (bench/ reads it). */
export const GET = route({ permission: 'settings:admin', handler: async () => realtimeStats() });

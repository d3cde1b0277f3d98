import type { z } from 'zod';
import { endpoint } from '@/lib/api/endpoint';
import type { AppSettings, appSettingsPatchSchema } from '@/lib/settings/app';

export const settingsApi = {
  get: endpoint<AppSettings>()('GET', '/api/settings'),
  /** Fields left out keep their value; answers the settings as they now are. */
  update: endpoint<AppSettings, z.input<typeof appSettingsPatchSchema>>()('PUT', '/api/settings'),
};

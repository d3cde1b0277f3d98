import { z } from 'zod';
import { keyValueList } from '@/lib/forms/key-value';

/** The "create volume" input, shared by the form, the CLI renderer and the API. */

export const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
/** Plugin drivers are image-like references (`vieux/sshfs:latest`). */
const DRIVER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.:/@-]*$/;

export const volumeCreateSchema = z.strictObject({
  /** Empty: the engine picks a random name, as `docker volume create` without a name does. */
  name: z
    .string()
    .trim()
    .max(255, 'At most 255 characters')
    .refine(
      (v) => v === '' || VOLUME_NAME.test(v),
      'Use at least 2 letters, digits, "_", "." or "-", starting with a letter or digit',
    )
    .default(''),
  driver: z
    .string()
    .trim()
    .max(255)
    .refine((v) => v === '' || DRIVER_NAME.test(v), 'Not a volume driver name')
    .transform((v) => v || 'local')
    .default('local'),
  /** `-o KEY=VALUE` driver options, e.g. type=tmpfs, device=tmpfs, o=size=100m. */
  options: keyValueList('a driver option').default([]),
  labels: keyValueList('a label').default([]),
});
export type VolumeCreateInput = z.input<typeof volumeCreateSchema>;
export type VolumeCreate = z.output<typeof volumeCreateSchema>;

/** Lines of a textarea, blank lines dropped: how the form turns text into KEY=VALUE lists. */
export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** A volume-relative path: absolute, without NUL or `..` (it is joined under a mount point). */
export const volumePath = z
  .string()
  .min(1, 'path is required')
  .refine((p) => p.startsWith('/'), 'Must be an absolute path inside the volume (starting with /)')
  .refine((p) => !p.includes('\0'), 'Must not contain NUL')
  .refine((p) => !p.split('/').includes('..'), 'Must not contain ".."');

export const volumeNameParams = z.object({
  name: z.string().min(1).max(255).regex(VOLUME_NAME, 'Not a volume name'),
});

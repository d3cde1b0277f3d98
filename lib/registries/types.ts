import { z } from 'zod';

/** A registry as the browser sees it: the password or token never leaves the server. */
export interface RegistryView {
  id: number;
  name: string;
  url: string;
  /** host[:port], what image references name. */
  host: string;
  username: string | null;
  hasPassword: boolean;
  createdAt: number;
  updatedAt: number;
}

const registryUrl = z
  .string({ error: 'A URL is required' })
  .trim()
  .min(1, 'A URL is required')
  .max(512)
  .transform((value, ctx) => {
    // Without a scheme, as `docker login host:port`: HTTPS, like the engine tries first.
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
    try {
      const url = new URL(withScheme);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
      if (url.username || url.password || url.search || url.hash) throw new Error('extras');
      return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Not a registry URL (http:// or https:// host[:port])' });
      return z.NEVER;
    }
  });

const name = z
  .string({ error: 'A name is required' })
  .trim()
  .min(1, 'A name is required')
  .max(64, 'At most 64 characters');

const username = z.string().trim().max(256).optional();
const password = z.string().max(4096).optional();

export const registryCreateSchema = z.object({ name, url: registryUrl, username, password });
export type RegistryCreate = z.output<typeof registryCreateSchema>;

/** Edit: a field left out keeps its value; `password: ''` or `clearPassword` forgets the stored secret. */
export const registryUpdateSchema = z.object({
  name: name.optional(),
  url: registryUrl.optional(),
  username,
  password,
  clearPassword: z.boolean().optional(),
});
export type RegistryUpdate = z.output<typeof registryUpdateSchema>;

export interface RegistryRepository {
  name: string;
}

export interface RegistryTag {
  tag: string;
  digest: string | null;
  /** Bytes of config plus layers (compressed), or of the index for a multi-platform image. */
  size: number | null;
  mediaType: string | null;
  /** The reference to pull: `host/repo:tag`. */
  reference: string;
}

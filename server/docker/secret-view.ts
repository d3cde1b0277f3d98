import { ENV_VALUE_MASK } from '@/lib/containers/env';
import type { VolumeDetail, VolumeSummary } from '@/lib/volumes/types';

/**
 * Volume driver options as a caller without `containers:env` (a viewer, unless settings.viewerAccess allows it)
 * may read them: they can hold credentials (CIFS `o=username=…,password=…`, a token option of a plugin), and
 * unlike an image's ENV (which `docker save`, open to viewers, hands out anyway) nothing else shows them to a
 * viewer. Keys stay readable, as environment names do.
 */

const SECRET_KEY = /pass|secret|token|cred|key|auth|private/i;

/** Driver options: secret-looking keys, and secret-looking `k=v` parts of a mount `o` option. */
export function maskVolumeOptions(options: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(options)) {
    if (SECRET_KEY.test(key)) out[key] = ENV_VALUE_MASK;
    else if (key === 'o')
      out[key] = value
        .split(',')
        .map((part) => {
          const at = part.indexOf('=');
          return at > 0 && SECRET_KEY.test(part.slice(0, at))
            ? `${part.slice(0, at)}=${ENV_VALUE_MASK}`
            : part;
        })
        .join(',');
    else out[key] = value;
  }
  return out;
}

export function maskVolumeSummary<V extends VolumeSummary>(volume: V): V {
  return { ...volume, options: maskVolumeOptions(volume.options) };
}

export function maskVolumeDetail(volume: VolumeDetail): VolumeDetail {
  const raw = volume.raw as { Options?: Record<string, string> | null } | null;
  return {
    ...maskVolumeSummary(volume),
    raw:
      raw && typeof raw === 'object' && raw.Options
        ? { ...raw, Options: maskVolumeOptions(raw.Options) }
        : raw,
  };
}

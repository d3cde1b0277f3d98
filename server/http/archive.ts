import { posix } from 'node:path';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { joinVolumePath, renderVolumeCopyCommand } from '@/lib/volumes/cli';
import { noteAuditCommand } from '@/server/audit/noted-command';
import {
  getArchive,
  isDirectoryMode,
  putArchive,
  readFileStream,
  singleFileTar,
  statPath,
} from '@/server/docker/containers';
import { volumeBrowseTarget } from '@/server/docker/volumes';
import { uploadStream } from '@/server/http/body';
import { attachment } from '@/server/http/download';
import { HttpError } from '@/server/http/errors';

/**
 * `docker cp` over HTTP through a container's archive API: shared by the container file browser and the
 * volume browser (which reads a volume through a container that mounts it).
 */

export const uploadFileName = z
  .string()
  .min(1)
  .max(255)
  .refine((n) => !n.includes('/') && n !== '.' && n !== '..' && !n.includes('\0'), 'Not a file name');

/** A tar of `path` (`docker cp c:path -`), or one regular file's bytes with `raw`. */
export async function archiveDownload(
  containerId: string,
  path: string,
  format: 'tar' | 'raw',
  downloadName?: string,
): Promise<Response> {
  const stat = await statPath(containerId, path);
  const base = downloadName ?? (posix.basename(path.replace(/\/+$/, '')) || 'root');
  if (format === 'raw') {
    if (isDirectoryMode(stat.mode)) throw new HttpError(400, 'bad_request', `${path} is a directory`);
    const file = await readFileStream(containerId, path);
    return new Response(Readable.toWeb(file.stream) as ReadableStream, {
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': String(file.size),
        ...attachment(base),
      },
    });
  }
  const tar = (await getArchive(containerId, path)) as Readable;
  return new Response(Readable.toWeb(tar) as ReadableStream, {
    headers: { 'content-type': 'application/x-tar', ...attachment(`${base}.tar`) },
  });
}

/**
 * Uploads the request body into directory `dir`: an application/x-tar body is extracted there
 * (`docker cp - c:dir`); any other body is one file named `filename`.
 */
export async function archiveUpload(
  req: Request,
  containerId: string,
  dir: string,
  filename: string | undefined,
): Promise<{ ok: true; path?: string }> {
  const stat = await statPath(containerId, dir);
  if (!isDirectoryMode(stat.mode)) throw new HttpError(400, 'bad_request', `${dir} is not a directory`);
  if (!req.body) throw new HttpError(400, 'bad_request', 'The request has no body to upload');
  const body = uploadStream(req);
  const isTar = (req.headers.get('content-type') ?? '').startsWith('application/x-tar');
  if (isTar) {
    await putArchive(containerId, dir, body);
    return { ok: true };
  }
  if (!filename) {
    throw new HttpError(
      400,
      'bad_request',
      'Invalid request: query.filename: required for a single-file upload',
      [{ path: 'query.filename', message: 'Required for a single-file upload' }],
    );
  }
  const length = Number(req.headers.get('content-length'));
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new HttpError(411 as number, 'bad_request', 'A single-file upload needs a Content-Length');
  }
  await putArchive(containerId, dir, singleFileTar(filename, length, body));
  return { ok: true, path: posix.join(dir, filename) };
}

/** A tar of a volume path, or one file's bytes with `format=raw`, read through a container that mounts it. */
export async function volumeDownload(name: string, path: string, format: 'tar' | 'raw'): Promise<Response> {
  const target = await volumeBrowseTarget(name);
  const inside = joinVolumePath(target.destination, path);
  // The volume's root downloads as <volume>.tar rather than after the mount point's name.
  const fileName = path.replace(/\/+$/, '') === '' ? name : undefined;
  return archiveDownload(target.container.id, inside, format, fileName);
}

/**
 * Uploads into a directory of a volume (`path` relative to its root) through a container that mounts it, as
 * archiveUpload does for a container. The request's audit entry shows the `docker cp` that really ran.
 */
export async function volumeUpload(
  req: Request,
  name: string,
  path: string,
  filename: string | undefined,
): Promise<{ ok: true; path?: string }> {
  const target = await volumeBrowseTarget(name);
  if (target.readOnly) {
    throw new HttpError(
      409,
      'conflict',
      `Volume "${name}" is mounted read-only in ${target.container.name}: it cannot be written through it`,
    );
  }
  noteAuditCommand(
    req,
    renderVolumeCopyCommand(target.container.name, target.destination, path, 'to', filename ?? '-'),
  );
  await archiveUpload(req, target.container.id, joinVolumePath(target.destination, path), filename);
  return { ok: true, path: filename ? joinVolumePath(path, filename) : undefined };
}

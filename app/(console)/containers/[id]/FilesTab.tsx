'use client';

import { useState } from 'react';
import { queryString } from '@/components/api/client';
import { useUploadFile } from '@/components/containers/mutations';
import { useContainerFiles } from '@/components/containers/queries';
import { FileBrowser } from '@/components/files/FileBrowser';
import { renderContainerCommand } from '@/lib/containers/cli';

/** The container's files through its archive API (works on stopped containers and images without a shell). */
export function FilesTab({ id, name, canWrite }: { id: string; name: string; canWrite: boolean }) {
  const [path, setPath] = useState('/');
  const files = useContainerFiles(id, path);
  const upload = useUploadFile(id);
  return (
    <FileBrowser
      path={path}
      onNavigate={setPath}
      files={files}
      archiveUrl={(p, format) =>
        `/api/containers/${encodeURIComponent(id)}/archive${queryString({ path: p, format })}`
      }
      upload={
        canWrite ? { run: (file, dir) => upload.mutate({ dir, file }), pending: upload.isPending } : undefined
      }
      command={renderContainerCommand({ action: 'cp-from', target: name, path, destination: '.' })}
    />
  );
}

'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { currentEnvironment, useEnvironment } from '@/components/environments/current';
import { imageKeys } from '@/components/images/queries';
import { getSocket } from '@/components/realtime/socket';
import type { ProgressSnapshot } from '@/lib/images/progress';

export interface Transfer {
  id: string;
  kind: ProgressSnapshot['kind'];
  reference: string;
  command: string;
  snapshot: ProgressSnapshot;
}

/**
 * Pulls and pushes of this tab, kept outside React so they survive moving between pages. Progress arrives as
 * throttled snapshots over the one socket; the server cancels a transfer nobody watches any more.
 */
let transfers: Transfer[] = [];
const listeners = new Set<() => void>();
let wired = false;

function set(next: Transfer[]) {
  transfers = next;
  for (const l of listeners) l();
}

function update(id: string, snapshot: ProgressSnapshot) {
  set(transfers.map((t) => (t.id === id ? { ...t, snapshot } : t)));
}

function wire() {
  if (wired) return;
  wired = true;
  const socket = getSocket();
  socket.on('image:progress', ({ id, snapshot }) => update(id, snapshot));
  // The server stops a transfer its socket no longer watches: say so instead of leaving a frozen bar.
  socket.on('disconnect', () => {
    set(
      transfers.map((t) =>
        t.snapshot.state === 'running'
          ? { ...t, snapshot: { ...t.snapshot, state: 'cancelled', error: 'Connection to Berth lost' } }
          : t,
      ),
    );
  });
}

export function startTransfer(
  kind: Transfer['kind'],
  reference: string,
  registryId?: number,
): Promise<Transfer> {
  wire();
  const socket = getSocket();
  // The environment of the page the transfer starts from: its engine pulls or pushes.
  const env = currentEnvironment();
  const payload = registryId ? { reference, registryId, env } : { reference, env };
  return new Promise((resolve, reject) => {
    socket.emit(kind === 'pull' ? 'image:pull' : 'image:push', payload, (res) => {
      if (!res.ok) return reject(new Error(res.error));
      const transfer: Transfer = {
        id: res.id,
        kind,
        reference: res.reference,
        command: res.command,
        snapshot: res.snapshot,
      };
      // Progress that raced ahead of the ack replaces the snapshot the ack carried.
      const known = transfers.find((t) => t.id === res.id);
      set([
        { ...transfer, ...(known ? { snapshot: known.snapshot } : {}) },
        ...transfers.filter((t) => t.id !== res.id),
      ]);
      resolve(transfer);
    });
  });
}

export function cancelTransfer(id: string) {
  getSocket().emit('image:cancel', { id });
  const t = transfers.find((x) => x.id === id);
  if (t && t.snapshot.state === 'running') update(id, { ...t.snapshot, state: 'cancelled', error: null });
}

export function dismissTransfer(id: string) {
  set(transfers.filter((t) => t.id !== id));
}

function subscribe(onChange: () => void) {
  listeners.add(onChange);
  return () => listeners.delete(onChange);
}

/** The tab's transfers; each one that completes refreshes the image lists. */
export function useTransfers(): Transfer[] {
  const env = useEnvironment();
  const list = useSyncExternalStore(
    subscribe,
    () => transfers,
    () => transfers,
  );
  const queryClient = useQueryClient();
  const doneCount = list.filter((t) => t.snapshot.state === 'done').length;
  useEffect(() => {
    wire();
    if (doneCount > 0) void queryClient.invalidateQueries({ queryKey: imageKeys.all(env) });
  }, [doneCount, queryClient, env]);
  return list;
}

/**
 * The end of a transfer this tab started (done, error or cancelled), for work that waits on a pull; null when
 * it was dismissed before it ended.
 */
export function awaitTransfer(id: string): Promise<ProgressSnapshot | null> {
  wire();
  return new Promise((resolve) => {
    const check = () => {
      const t = transfers.find((x) => x.id === id);
      if (t?.snapshot.state === 'running') return false;
      listeners.delete(check);
      resolve(t ? t.snapshot : null);
      return true;
    };
    if (!check()) listeners.add(check);
  });
}

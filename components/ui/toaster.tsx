'use client';

import { lazy, Suspense, useSyncExternalStore } from 'react';
import type { ExternalToast, ToasterProps } from 'sonner';

/**
 * sonner, loaded with the first toast instead of with every page (~10 kB gzip that most page loads never
 * use). A toast raised before the Toaster has mounted is not lost: sonner's Toaster shows the active toasts
 * when it subscribes.
 */
const load = () => import('sonner');

let wanted = false;
const listeners = new Set<() => void>();

function show(raise: (sonner: Awaited<ReturnType<typeof load>>) => void): void {
  if (!wanted) {
    wanted = true;
    for (const listener of listeners) listener();
  }
  void load().then(raise);
}

export const toast = {
  success: (message: string, data?: ExternalToast) => show((s) => s.toast.success(message, data)),
  error: (message: string, data?: ExternalToast) => show((s) => s.toast.error(message, data)),
};

// React's lazy: it never renders on the server, and next/dynamic would add its own code to every page.
const SonnerToaster = lazy(() => load().then((m) => ({ default: m.Toaster })));

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** sonner's Toaster, mounted once something asked for a toast. */
export function Toaster(props: ToasterProps) {
  const on = useSyncExternalStore(
    subscribe,
    () => wanted,
    () => false,
  );
  return on ? (
    <Suspense>
      <SonnerToaster {...props} />
    </Suspense>
  ) : null;
}

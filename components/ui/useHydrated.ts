'use client';

import { useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

/**
 * False on the server and while React hydrates its HTML, true from the render after: for what a page shows
 * from the browser's query cache. The shell (header badge, events bridge, user menu) shares that cache and
 * starts filling it as soon as it has hydrated; a page that hydrates later (its code or its HTML streamed in
 * after the shell's, as on the first load of a fresh server) would otherwise render data the server's HTML
 * does not have, and React throws the page away with a hydration error (#418).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

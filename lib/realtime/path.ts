/**
 * Where socket.io listens. Its own module, not the contract's: the contract builds its zod schemas when
 * loaded, and the browser's socket needs only this path (zod would add ~30 kB gzip to every page).
 */
export const SOCKET_PATH = '/socket.io';

/** One `docker events` entry, as Berth passes it to the browser. */
export interface EngineEvent {
  type: string;
  action: string;
  /** The object's id (container, image, volume name, network id…). */
  id: string;
  /** A readable name where the engine gives one (container name, image reference). */
  name: string | null;
  /** Unix nanoseconds, as a string: the engine's own clock, used to resume with `since`. */
  timeNano: string;
  attributes: Record<string, string>;
  /** What followed the colon of the engine's action (`health_status: unhealthy` → `unhealthy`), if anything. */
  detail?: string;
}

const CONTAINER_MEMBERSHIP = new Set(['create', 'destroy', 'rename']);

/** Which lists an event changes: the browser invalidates exactly those. */
export function affectedResources(
  event: Pick<EngineEvent, 'type' | 'action'>,
): ('containers' | 'images' | 'volumes' | 'networks')[] {
  switch (event.type) {
    case 'container':
      // exec_* and top are noise for lists; everything else (create, start, die, rename, health…) changes a row.
      if (event.action.startsWith('exec_') || event.action === 'top') return [];
      // A container created, removed or renamed changes who uses which volume and network.
      return CONTAINER_MEMBERSHIP.has(event.action) ? ['containers', 'volumes', 'networks'] : ['containers'];
    case 'image':
      return ['images'];
    case 'volume':
      return ['volumes'];
    case 'network':
      // connect/disconnect change a container's IPs as well as the network's members.
      return ['networks', 'containers'];
    default:
      return [];
  }
}

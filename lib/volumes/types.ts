/** View models of volumes, shared by the API and the browser. */

/** A container that mounts a volume, and where. */
export interface VolumeMountRef {
  id: string;
  name: string;
  state: string;
  /** Where the volume appears inside the container. */
  destination: string;
  readOnly: boolean;
}

export interface VolumeSummary {
  name: string;
  driver: string;
  mountpoint: string;
  scope: string;
  /** Unix milliseconds; null when the driver does not say. */
  created: number | null;
  labels: Record<string, string>;
  options: Record<string, string>;
  /** Created for a container without a name (`-v /data`): its name is a random 64-hex id. */
  anonymous: boolean;
  /** Containers of any state that mount it: the engine refuses to remove it while there are any. */
  containers: VolumeMountRef[];
}

export interface VolumeDetail extends VolumeSummary {
  /** Driver-specific status, when the driver reports one. */
  status: Record<string, unknown> | null;
  /** The engine's own inspect output, for the Inspect tab. */
  raw: unknown;
}

/** Disk use per volume name, from `docker system df -v`: slow, so it is fetched apart from the list. */
export interface VolumeUsage {
  /** Bytes, or -1 when the driver cannot tell (the engine's own convention). */
  sizes: Record<string, number>;
  /** Unix milliseconds of the measurement. */
  measuredAt: number;
}

/** The container whose archive API serves a volume's files, and the directory of the volume inside it. */
export interface VolumeBrowseTarget {
  container: { id: string; name: string };
  destination: string;
  readOnly: boolean;
}

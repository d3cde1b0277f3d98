export interface ImageSummary {
  id: string;
  /** `repo:tag` references; empty for a dangling image. */
  tags: string[];
  size: number;
  /** Unix seconds. */
  created: number;
  /** -1 when the engine did not count (it only does with `docker system df`). */
  containers: number;
}

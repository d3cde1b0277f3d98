/** The /metrics endpoint as the settings page sees it: never the token, only whether one is set. */
export interface MetricsSettingsView {
  enabled: boolean;
  hasToken: boolean;
  tokenCreatedAt: number | null;
  /** Only in the answer that made it (enabling without a token, or rotating): shown once. */
  token?: string;
}

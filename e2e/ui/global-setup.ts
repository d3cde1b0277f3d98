import { request } from '@playwright/test';
import { ADMIN_PASSWORD, ADMIN_USER, BASE_URL } from '../support/api';

export const ADMIN_STATE = '.test-artifacts/admin-state.json';

/** Logs the test admin in once; every UI test starts from that session. */
export default async function globalSetup() {
  const ctx = await request.newContext({ baseURL: BASE_URL });
  const res = await ctx.post('/api/auth/login', { data: { username: ADMIN_USER, password: ADMIN_PASSWORD } });
  if (!res.ok()) throw new Error(`admin login failed: ${res.status()} ${await res.text()}`);
  await ctx.storageState({ path: ADMIN_STATE });
  await ctx.dispose();
}

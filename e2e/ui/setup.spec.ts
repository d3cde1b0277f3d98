import { expect, test } from '@playwright/test';
import { startServer } from '../support/server';

test('first run: the setup page needs the token from the server log, then the admin is logged in', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const server = await startServer({});
  try {
    const token = /setup token: (\S+)/.exec(server.output())?.[1];
    expect(token, 'the server log prints a one-time setup token').toBeTruthy();
    const context = await browser.newContext({
      storageState: { cookies: [], origins: [] },
      baseURL: server.url,
    });
    const page = await context.newPage();
    // React reports a server/client render mismatch as error #418 (minified) or "Hydration failed" (dev).
    const hydrationErrors: string[] = [];
    const isHydrationError = (text: string) => /#418|#423|#425|hydrat/i.test(text);
    page.on('console', (m) => {
      if (m.type() === 'error' && isHydrationError(m.text())) hydrationErrors.push(m.text());
    });
    page.on('pageerror', (e) => {
      if (isHydrationError(e.message)) hydrationErrors.push(e.message);
    });

    // Anything but setup sends a first-run visitor to the login page, which forwards to setup.
    await page.goto('/containers');
    await expect(page).toHaveURL(/\/setup$/);

    await page.getByLabel('Setup token').fill('not-the-token');
    await page.getByLabel('Admin username').fill('owner');
    await page.getByLabel('Password', { exact: true }).fill('a-long-and-secret-phrase');
    await page.getByLabel('Confirm password').fill('a-long-and-secret-phrase');
    await page.getByTestId('setup-submit').click();
    await expect(page.getByText('Wrong setup token: it is printed in the server log')).toBeVisible();

    await page.getByLabel('Setup token').fill(token ?? '');
    await page.getByTestId('setup-submit').click();
    await expect(page).toHaveURL(`${server.url}/`);
    await expect(page.getByTestId('user-menu')).toContainText('owner');
    // The first dashboard of a fresh install hydrates without a mismatch (its engine facts have loaded by now).
    await expect(page.getByTestId('engine-info')).toBeVisible();
    expect(hydrationErrors).toEqual([]);

    // Setup is over: the page now sends people to log in.
    const again = await context.newPage();
    await again.context().clearCookies();
    await again.goto('/setup');
    await expect(again).toHaveURL(/\/login$/);
    await context.close();
  } finally {
    await server.stop();
  }
});

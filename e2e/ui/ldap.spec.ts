import path from 'node:path';
import { type Browser, expect, type Page, test } from '@playwright/test';
import type { LdapConfigView } from '@/lib/auth/ldap';
import { ADMIN_PASSWORD, ADMIN_USER, api } from '../support/api';
import {
  LDAP_DIR,
  LDAP_URL,
  ldapUp,
  OPS_GROUP,
  PEOPLE,
  SERVICE_DN,
  SERVICE_PASSWORD,
  setMembers,
} from '../support/ldap';

/**
 * Settings → LDAP against the real slapd of scripts/ldap.sh: an admin fills the form (StartTLS, the CA uploaded
 * as a file, group rules), the test button turns green, the admin logs out and a directory user signs in through
 * the ordinary login form with the role the rules give. A context of its own: logging out must not end the
 * shared admin session the other specs use.
 */

const RUN = Date.now().toString(36);

test.beforeAll(() => {
  ldapUp();
  setMembers(OPS_GROUP, [PEOPLE.alice.dn, PEOPLE.bob.dn]);
});

// The shared server goes back to local sign-in only: later specs must not depend on this directory.
test.afterAll(async () => {
  const { body } = await api<LdapConfigView>('/api/auth/ldap');
  const { hasBindPassword: _, updatedAt: __, ...config } = body;
  const res = await api('/api/auth/ldap', { method: 'PUT', json: { ...config, enabled: false } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
});

interface Labels {
  username: string;
  password: string;
  addRule: string;
  logout: string;
  ok: string;
}
const EN: Labels = {
  username: 'Username',
  password: 'Password',
  addRule: 'Add a rule',
  logout: 'Log out',
  ok: 'OK',
};
const ZH: Labels = {
  username: '用户名',
  password: '密码',
  addRule: '添加规则',
  logout: '退出登录',
  ok: '成功',
};

async function signIn(page: Page, labels: Labels, username: string, password: string) {
  await page.goto('/login');
  await page.getByLabel(labels.username).fill(username);
  await page.getByLabel(labels.password).fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('user-menu')).toContainText(username);
}

async function configureAndSignIn(
  browser: Browser,
  labels: Labels,
  person: 'alice' | 'bob',
  expectedRole: string,
  options: { locale?: string; extraHTTPHeaders?: Record<string, string> } = {},
) {
  const context = await browser.newContext({ ...options, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  try {
    await signIn(page, labels, ADMIN_USER, ADMIN_PASSWORD);
    await page.goto('/settings');
    const form = page.getByTestId('ldap-settings');
    await expect(form).toBeVisible();
    const field = (name: string) => form.locator(`[name="ldap.${name}"]`);
    await field('enabled').check();
    await field('url').fill(LDAP_URL);
    await field('startTls').check();
    await form.getByTestId('ldap-ca-file').setInputFiles(path.join(LDAP_DIR, 'ca.pem'));
    await expect(field('caPem')).toHaveValue(/BEGIN CERTIFICATE/);
    await field('bindDn').fill(SERVICE_DN);
    await field('bindPassword').fill(SERVICE_PASSWORD);
    await field('userBase').fill('ou=people,dc=berth,dc=test');
    await field('userFilter').fill('(uid={username})');
    await field('groupMode').selectOption('memberOf');
    await field('allowCreate').check();
    await field('defaultRole').selectOption('viewer');
    // Start from no rules (an earlier run may have saved some), then: admins → admin, ops → a team, operator.
    const rules = form.getByTestId('ldap-rule');
    while ((await rules.count()) > 0) await rules.first().getByRole('button').click();
    await form.getByRole('button', { name: labels.addRule }).click();
    await rules.nth(0).locator('input').nth(0).fill('admins');
    await rules.nth(0).locator('select').selectOption('admin');
    await form.getByRole('button', { name: labels.addRule }).click();
    await rules.nth(1).locator('input').nth(0).fill('ops');
    await rules.nth(1).locator('input').nth(1).fill(`ui-ops-${RUN}`);
    await rules.nth(1).locator('select').selectOption('operator');
    await form.getByTestId('ldap-save').click();
    await expect(field('bindPassword')).toHaveValue('');

    await field('testUser').fill(PEOPLE[person].uid);
    await expect(form.getByTestId('cli-command')).toContainText(`ldapsearch -x -H ${LDAP_URL} -ZZ`);
    await form.getByTestId('ldap-test').click();
    const result = form.getByTestId('ldap-test-result');
    await expect(result).toHaveAttribute('data-ok', 'true');
    await expect(result.getByLabel(labels.ok)).toHaveCount(5); // connect, TLS, service bind, user, groups
    await expect(result).toContainText(PEOPLE[person].dn);

    await page.getByRole('button', { name: labels.logout, exact: true }).click();
    await expect(page).toHaveURL(/\/login/);
    await signIn(page, labels, PEOPLE[person].uid, PEOPLE[person].password);
    await page.goto('/account');
    await expect(page.getByText(`${PEOPLE[person].uid}`, { exact: false }).first()).toBeVisible();
    await expect(page.locator('main')).toContainText(expectedRole);
  } finally {
    await context.close();
  }
}

test('an admin configures LDAP in Settings, logs out, and a directory user signs in with their role', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  await configureAndSignIn(browser, EN, 'alice', 'Signed in as alice (admin)');
});

const ZH_CONTEXT = { locale: 'zh-CN', extraHTTPHeaders: { 'accept-language': 'zh-CN,zh;q=0.9' } };

test.describe('in Simplified Chinese', () => {
  test.use(ZH_CONTEXT);

  test('the same in 简体中文: the section, the test and the sign-in', async ({ browser }) => {
    test.setTimeout(180_000);
    await configureAndSignIn(browser, ZH, 'bob', '当前登录：bob（operator）', ZH_CONTEXT);
  });
});

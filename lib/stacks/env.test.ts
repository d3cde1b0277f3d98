import { describe, expect, it } from 'vitest';
import { ENV_MASK, isSecretKey, maskEnv, parseEnv, unmaskEnv } from '@/lib/stacks/env';

describe('parseEnv', () => {
  it('reads KEY=value lines, export, comments and blank lines with their line numbers', () => {
    const text = '# database\nexport DB_HOST=db\n\nDB_PORT = 5432\nEMPTY=\n  INDENTED=yes\nnot a line\n';
    expect(parseEnv(text)).toEqual([
      { key: 'DB_HOST', value: 'db', line: 2 },
      { key: 'DB_PORT', value: '5432', line: 4 },
      { key: 'EMPTY', value: '', line: 5 },
      { key: 'INDENTED', value: 'yes', line: 6 },
    ]);
  });

  // Checked against Compose 2.26.1 (`docker compose config` interpolating from this .env).
  it('drops inline comments after unquoted values only when a blank precedes them', () => {
    expect(parseEnv('A=one # note\nB=two#three\nC=#x\nD= #y\n').map((e) => e.value)).toEqual([
      'one',
      'two#three',
      '#x',
      '#y',
    ]);
  });

  it('reads single quotes literally and double quotes with escapes, over several lines', () => {
    const text = 'A=\'it\\n is # literal\'\nB="line\\none \\"q\\""\nC="first\nsecond" # comment\nD=after\n';
    expect(parseEnv(text)).toEqual([
      { key: 'A', value: 'it\\n is # literal', line: 1 },
      { key: 'B', value: 'line\none "q"', line: 2 },
      { key: 'C', value: 'first\nsecond', line: 3 },
      { key: 'D', value: 'after', line: 5 },
    ]);
  });

  it('keeps CRLF files readable', () => {
    expect(parseEnv('A=1\r\nB="2"\r\n')).toEqual([
      { key: 'A', value: '1', line: 1 },
      { key: 'B', value: '2', line: 2 },
    ]);
  });
});

describe('isSecretKey', () => {
  it.each([
    'PASSWORD',
    'MYSQL_ROOT_PASSWORD',
    'DB_PASSWD',
    'SMTP_PASS',
    'SECRET_KEY_BASE',
    'CLIENT_SECRET',
    'GITHUB_TOKEN',
    'API_KEY',
    'apiKey',
    'PRIVATE_KEY',
    'AWS_SECRET_ACCESS_KEY',
    'GOOGLE_APPLICATION_CREDENTIALS',
    'BASIC_AUTH',
    'DBPASSWORD',
    'db.password',
    'SESSION_COOKIE',
  ])('masks %s', (key) => expect(isSecretKey(key)).toBe(true));

  it.each([
    'KEYBOARD_LAYOUT',
    'MONKEY_MODE',
    'AUTHOR',
    'TZ',
    'DB_HOST',
    'PORT',
    'PUID',
    'PWD',
    'PASSIVE_PORTS',
  ])('leaves %s readable', (key) => expect(isSecretKey(key)).toBe(false));
});

describe('maskEnv', () => {
  it('replaces secret values (quotes and all) and keeps the rest of the text', () => {
    const text =
      'DB_HOST=db\nDB_PASSWORD="s3cr3t # not a comment" # real comment\nAPI_KEY=abc\nEMPTY_TOKEN=\n';
    const masked = maskEnv(text);
    expect(masked.text).toBe(
      `DB_HOST=db\nDB_PASSWORD=${ENV_MASK} # real comment\nAPI_KEY=${ENV_MASK}\nEMPTY_TOKEN=\n`,
    );
    expect(masked.entries).toEqual([
      { key: 'DB_HOST', value: 'db', masked: false },
      { key: 'DB_PASSWORD', value: ENV_MASK, masked: true },
      { key: 'API_KEY', value: ENV_MASK, masked: true },
      { key: 'EMPTY_TOKEN', value: '', masked: false },
    ]);
    expect(masked.text).not.toContain('s3cr3t');
  });

  it('masks a multi-line secret whole, and a URL with a password whatever its key', () => {
    const text =
      'PRIVATE_KEY="-----BEGIN-----\nabc\n-----END-----"\nDATABASE_URL=postgres://app:hunter2@db/app\nNEXT=1\n';
    const masked = maskEnv(text);
    expect(masked.text).toBe(`PRIVATE_KEY=${ENV_MASK}\nDATABASE_URL=${ENV_MASK}\nNEXT=1\n`);
    expect(parseEnv(masked.text).map((e) => e.key)).toEqual(['PRIVATE_KEY', 'DATABASE_URL', 'NEXT']);
  });
});

describe('unmaskEnv', () => {
  const stored = 'DB_HOST=db\nDB_PASSWORD="s3cr3t"\nAPI_KEY=abc\n';

  it('gives an untouched mask its stored value back, quotes included', () => {
    const edited = `DB_HOST=db2\nDB_PASSWORD=${ENV_MASK}\nAPI_KEY=${ENV_MASK} # kept\n`;
    expect(unmaskEnv(edited, stored)).toBe('DB_HOST=db2\nDB_PASSWORD="s3cr3t"\nAPI_KEY=abc # kept\n');
  });

  it('keeps a value the user typed over the mask', () => {
    expect(unmaskEnv(`DB_PASSWORD=new\nAPI_KEY=${ENV_MASK}\n`, stored)).toBe(
      'DB_PASSWORD=new\nAPI_KEY=abc\n',
    );
  });

  it('keeps a deleted masked key deleted', () => {
    expect(unmaskEnv('DB_HOST=db\n', stored)).toBe('DB_HOST=db\n');
  });

  it('leaves a mask for a key that had no stored secret as typed', () => {
    expect(unmaskEnv(`NEW_TOKEN=${ENV_MASK}\n`, stored)).toBe(`NEW_TOKEN=${ENV_MASK}\n`);
  });

  it('restores a key set twice occurrence by occurrence, even when lines moved', () => {
    const twice = 'A_TOKEN=one\nX=1\nA_TOKEN=two\n';
    const masked = maskEnv(twice).text;
    expect(unmaskEnv(masked, twice)).toBe(twice);
    const moved = `X=1\nA_TOKEN=${ENV_MASK}\nA_TOKEN=${ENV_MASK}\n`;
    expect(unmaskEnv(moved, twice)).toBe('X=1\nA_TOKEN=one\nA_TOKEN=two\n');
  });
});

'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ApiError, apiFetch } from '@/components/api/client';
import { AuthField } from '@/components/auth/Field';
import { authKeys, useMe } from '@/components/auth/queries';
import { Button } from '@/components/ui/Button';
import { CopyButton } from '@/components/ui/CopyButton';
import { authApi } from '@/lib/api/auth';
import { Section } from './AccountPage';

export function TotpSection() {
  const t = useTranslations('account');
  const me = useMe();
  const queryClient = useQueryClient();
  const [enrol, setEnrol] = useState<{ secret: string; qr: string } | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const enabled = me.data?.user.totpEnabled ?? false;
  const refresh = () => queryClient.invalidateQueries({ queryKey: authKeys.me() });
  const fail = (err: unknown) =>
    setError(err instanceof ApiError && err.fields[0] ? err.fields[0].message : (err as Error).message);

  return (
    <Section title={t('totp')}>
      {me.data?.require2fa && !enabled && !me.data.user.hasPasskey && (
        <p className="text-sm font-medium text-amber-700 dark:text-amber-400">{t('totpRequired')}</p>
      )}
      {codes ? (
        <div className="flex flex-col gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950">
          <p>{t('recoveryOnce')}</p>
          <ul className="grid grid-cols-2 gap-1 font-mono text-xs" data-testid="recovery-codes">
            {codes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
          <div>
            <CopyButton text={codes.join('\n')} label={t('copy')} />
          </div>
        </div>
      ) : enabled ? (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={async (e) => {
            e.preventDefault();
            try {
              await apiFetch(authApi.totpDisable, { json: { password } });
              setPassword('');
              setError(null);
              await refresh();
            } catch (err) {
              fail(err);
            }
          }}
        >
          <p className="w-full text-sm text-emerald-700 dark:text-emerald-400">{t('totpOn')}</p>
          <div className="min-w-48 flex-1">
            <AuthField
              label={t('currentPassword')}
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          <Button type="submit" variant="danger">
            {t('totpDisable')}
          </Button>
        </form>
      ) : enrol ? (
        <form
          className="flex flex-col gap-3"
          onSubmit={async (e) => {
            e.preventDefault();
            try {
              const res = await apiFetch(authApi.totpEnable, { json: { code } });
              setCodes(res.recoveryCodes);
              setEnrol(null);
              setError(null);
              await refresh();
            } catch (err) {
              fail(err);
            }
          }}
        >
          <p className="text-sm">{t('totpScan')}</p>
          {/* biome-ignore lint/performance/noImgElement: a data: URL QR code, nothing for next/image to optimise */}
          <img src={enrol.qr} alt={t('totpQr')} width={180} height={180} className="rounded bg-white p-2" />
          <code className="font-mono text-xs break-all" data-testid="totp-secret">
            {enrol.secret}
          </code>
          <AuthField
            label={t('totpCode')}
            inputMode="numeric"
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <div>
            <Button type="submit" variant="primary">
              {t('totpConfirm')}
            </Button>
          </div>
        </form>
      ) : (
        <div>
          <Button
            variant="primary"
            onClick={async () => {
              try {
                setEnrol(await apiFetch(authApi.totpSetup));
              } catch (err) {
                fail(err);
              }
            }}
          >
            {t('totpEnable')}
          </Button>
        </div>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
    </Section>
  );
}

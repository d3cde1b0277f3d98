'use client';

import { startAuthentication } from '@simplewebauthn/browser';
import { useRouter, useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { ApiError, apiFetch } from '@/components/api/client';
import { AuthField } from '@/components/auth/Field';
import { OidcSignIn } from '@/components/auth/OidcSignIn';
import { useAuthStatus } from '@/components/auth/queries';
import { Button } from '@/components/ui/Button';
import { authApi } from '@/lib/api/auth';
import { passkeysApi } from '@/lib/api/passkeys';
import { safeNext } from '@/lib/http/next';

export function LoginPage() {
  const t = useTranslations('auth');
  const tp = useTranslations('passkeys');
  const router = useRouter();
  const params = useSearchParams();
  const status = useAuthStatus();
  const [form, setForm] = useState({ username: '', password: '', totp: '', recoveryCode: '' });
  const [step, setStep] = useState<'password' | 'totp'>('password');
  const [useRecovery, setUseRecovery] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    if (status.data?.setupRequired) router.replace('/setup');
  }, [status.data, router]);

  const submit = async () => {
    setPending(true);
    setError(null);
    try {
      await apiFetch(authApi.login, {
        json: {
          username: form.username,
          password: form.password,
          ...(step === 'totp' && !useRecovery ? { totp: form.totp } : {}),
          ...(step === 'totp' && useRecovery ? { recoveryCode: form.recoveryCode } : {}),
        },
      });
      // A full navigation, so every query starts from the new session.
      window.location.assign(safeNext(params.get('next')));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'totp_required') setStep('totp');
      else if (err instanceof ApiError && err.code === 'totp_unreadable') {
        setError(t('totpUnreadable'));
        setUseRecovery(true);
      } else
        setError(
          err instanceof ApiError && err.status === 401
            ? step === 'totp'
              ? t('badCode')
              : t('invalid')
            : String((err as Error).message),
        );
    } finally {
      setPending(false);
    }
  };

  // Usernameless: the authenticator offers the passkeys it holds for this site; no TOTP prompt follows
  // (the passkey is itself the stronger factor).
  const passkeySignIn = async () => {
    setPending(true);
    setError(null);
    try {
      const optionsJSON = await apiFetch(passkeysApi.loginOptions);
      const response = await startAuthentication({ optionsJSON });
      await apiFetch(passkeysApi.loginVerify, { json: { response } });
      window.location.assign(safeNext(params.get('next')));
    } catch (err) {
      setError(
        err instanceof ApiError
          ? err.status === 401
            ? tp('signInFailed')
            : err.message
          : (err as Error).name === 'NotAllowedError'
            ? tp('cancelled')
            : (err as Error).message,
      );
    } finally {
      setPending(false);
    }
  };

  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h1 className="text-xl font-semibold">{t('login')}</h1>
      {step === 'password' ? (
        <>
          <AuthField
            label={t('username')}
            name="username"
            autoComplete="username"
            autoFocus
            value={form.username}
            onChange={(e) => setForm((f) => ({ ...f, username: e.target.value }))}
          />
          <AuthField
            label={t('password')}
            name="password"
            type="password"
            autoComplete="current-password"
            value={form.password}
            onChange={(e) => setForm((f) => ({ ...f, password: e.target.value }))}
          />
        </>
      ) : useRecovery ? (
        <AuthField
          label={t('recoveryCode')}
          name="recoveryCode"
          autoFocus
          value={form.recoveryCode}
          onChange={(e) => setForm((f) => ({ ...f, recoveryCode: e.target.value }))}
        />
      ) : (
        <AuthField
          label={t('totpCode')}
          name="totp"
          inputMode="numeric"
          autoComplete="one-time-code"
          autoFocus
          value={form.totp}
          onChange={(e) => setForm((f) => ({ ...f, totp: e.target.value }))}
        />
      )}
      {error && (
        <p role="alert" data-testid="login-error" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
      <Button type="submit" variant="primary" disabled={pending} data-testid="login-submit">
        {t('login')}
      </Button>
      {step === 'password' && (
        <>
          <p className="text-center text-xs text-slate-500">{tp('or')}</p>
          <Button
            type="button"
            disabled={pending}
            onClick={() => void passkeySignIn()}
            data-testid="passkey-login"
          >
            {tp('signIn')}
          </Button>
          <OidcSignIn
            next={params.get('next')}
            error={params.get('oidcError')}
            provider={params.get('provider')}
          />
        </>
      )}
      {step === 'totp' && (
        <button
          type="button"
          className="text-sm text-sky-700 hover:underline dark:text-sky-400"
          onClick={() => setUseRecovery((r) => !r)}
        >
          {useRecovery ? t('useTotp') : t('useRecovery')}
        </button>
      )}
    </form>
  );
}

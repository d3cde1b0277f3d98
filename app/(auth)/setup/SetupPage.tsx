'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { ApiError, apiFetch, bodyFieldErrors } from '@/components/api/client';
import { AuthField } from '@/components/auth/Field';
import { useAuthStatus } from '@/components/auth/queries';
import { Button } from '@/components/ui/Button';
import { authApi } from '@/lib/api/auth';

/** First run: the one-time token from the server log, then the admin account. */
export function SetupPage() {
  const t = useTranslations('auth');
  const router = useRouter();
  const status = useAuthStatus();
  const [form, setForm] = useState({ token: '', username: 'admin', password: '', confirm: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);

  useEffect(() => {
    if (status.data && !status.data.setupRequired) router.replace('/login');
  }, [status.data, router]);

  const submit = async () => {
    if (form.password !== form.confirm) {
      setErrors({ confirm: t('mismatch') });
      return;
    }
    setPending(true);
    setErrors({});
    try {
      await apiFetch(authApi.setup, {
        json: { token: form.token, username: form.username, password: form.password },
      });
      window.location.assign('/');
    } catch (err) {
      if (err instanceof ApiError && err.fields.length) {
        setErrors(bodyFieldErrors(err));
      } else if (err instanceof ApiError && err.status === 403) setErrors({ token: t('badToken') });
      else setErrors({ form: (err as Error).message });
    } finally {
      setPending(false);
    }
  };

  const field = (key: keyof typeof form, label: string, type = 'text', autoComplete?: string) => (
    <AuthField
      label={label}
      name={key}
      type={type}
      autoComplete={autoComplete}
      value={form[key]}
      error={errors[key]}
      onChange={(e) => setForm((f) => ({ ...f, [key]: e.target.value }))}
    />
  );

  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h1 className="text-xl font-semibold">{t('setupTitle')}</h1>
      <p className="text-sm text-slate-600 dark:text-slate-300">{t('setupHelp')}</p>
      {field('token', t('setupToken'), 'text', 'off')}
      {field('username', t('adminUsername'), 'text', 'username')}
      {field('password', t('password'), 'password', 'new-password')}
      {field('confirm', t('confirmPassword'), 'password', 'new-password')}
      {errors.form && (
        <p role="alert" className="text-sm text-red-600">
          {errors.form}
        </p>
      )}
      <Button type="submit" variant="primary" disabled={pending} data-testid="setup-submit">
        {t('createAdmin')}
      </Button>
    </form>
  );
}

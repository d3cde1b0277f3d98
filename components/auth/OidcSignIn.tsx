'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { apiFetch } from '@/components/api/client';
import { endpointUrl } from '@/lib/api/endpoint';
import { oidcApi } from '@/lib/api/oidc';
import { isOidcErrorCode } from '@/lib/auth/oidc';
import { safeNext } from '@/lib/http/next';

/**
 * The login page's single sign-on part: one button per enabled OIDC provider (a plain link: the start is a
 * navigation to the provider, not a fetch), and what went wrong when a sign-in came back with `oidcError`.
 */
export function OidcSignIn({
  next,
  error,
  provider,
}: {
  next: string | null;
  error: string | null;
  provider: string | null;
}) {
  const t = useTranslations('oidc');
  const options = useQuery({
    queryKey: ['oidc', 'login-options'],
    queryFn: () => apiFetch(oidcApi.loginOptions),
    retry: false,
  });
  const code = error === null ? null : isOidcErrorCode(error) ? error : 'failed';
  const label = options.data?.find((p) => p.id === provider)?.label ?? provider ?? '';
  return (
    <>
      {code && (
        <div
          role="alert"
          data-testid="oidc-error"
          className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
        >
          <p className="font-medium">{t('errorTitle', { provider: label })}</p>
          <p>{t(`errors.${code}`)}</p>
        </div>
      )}
      {options.data && options.data.length > 0 && (
        <div className="flex flex-col gap-2" data-testid="oidc-buttons">
          {options.data.map((p) => (
            <a
              key={p.id}
              data-testid={`oidc-login-${p.id}`}
              href={endpointUrl(
                oidcApi.start.path,
                { id: p.id },
                { next: safeNext(next) === '/' ? undefined : safeNext(next) },
              )}
              className="inline-flex items-center justify-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800"
            >
              {t('signInWith', { provider: p.label })}
            </a>
          ))}
        </div>
      )}
    </>
  );
}

'use client';

import { Plus, X } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { useRouter } from '@/components/environments/navigation';
import { useCreateNetwork } from '@/components/networks/mutations';
import { useNetworkDrivers } from '@/components/networks/queries';
import { Button } from '@/components/ui/Button';
import { FormField, FormSection, inputClass, LinesField, listErrors } from '@/components/ui/FormField';
import { FormFooter } from '@/components/ui/FormFooter';
import { useFieldErrors } from '@/components/ui/useFieldErrors';
import { renderNetworkCommand } from '@/lib/networks/cli';
import { type NetworkCreateInput, networkCreateSchema } from '@/lib/networks/form';
import { NETWORK_DRIVERS, type NetworkDriver } from '@/lib/networks/types';
import { lines } from '@/lib/volumes/form';

interface PoolState {
  key: number;
  subnet: string;
  gateway: string;
  ipRange: string;
}

let nextKey = 1;
const emptyPool = (): PoolState => ({ key: nextKey++, subnet: '', gateway: '', ipRange: '' });

export function CreateNetworkPage() {
  const t = useTranslations('networks.form');
  const router = useRouter();
  const drivers = useNetworkDrivers();
  const create = useCreateNetwork();
  const [name, setName] = useState('');
  const [driver, setDriver] = useState<NetworkDriver>('bridge');
  const [pools, setPools] = useState<PoolState[]>([emptyPool()]);
  const [flags, setFlags] = useState({ ipv6: false, internal: false, attachable: false });
  const [labels, setLabels] = useState('');
  const [options, setOptions] = useState('');
  const { errors, clear, valid, fromServer } = useFieldErrors();

  const form: NetworkCreateInput = useMemo(
    () => ({
      name,
      driver,
      // A row left entirely empty means "let the engine pick", not a missing subnet.
      pools: pools
        .filter((p) => p.subnet.trim() || p.gateway.trim() || p.ipRange.trim())
        .map(({ subnet, gateway, ipRange }) => ({ subnet, gateway, ipRange })),
      ...flags,
      labels: lines(labels),
      options: lines(options),
    }),
    [name, driver, pools, flags, labels, options],
  );
  const command = useMemo(() => renderNetworkCommand({ action: 'create', form }), [form]);
  const available = new Set<string>(drivers.data?.drivers ?? ['bridge']);
  // Errors of pool rows are addressed by their index among the rows sent, not among all rows shown.
  const sentIndex = (key: number) =>
    pools
      .filter((p) => p.subnet.trim() || p.gateway.trim() || p.ipRange.trim())
      .findIndex((p) => p.key === key);

  const updatePool = (key: number, field: 'subnet' | 'gateway' | 'ipRange', value: string) => {
    setPools((list) => list.map((p) => (p.key === key ? { ...p, [field]: value } : p)));
    clear('pools');
  };

  const submit = () => {
    if (!valid(networkCreateSchema, form)) return;
    create.mutate(form, {
      onSuccess: (created) => router.push(`/networks/${created.id}`),
      onError: fromServer,
    });
  };

  return (
    <div className="mx-auto flex max-w-4xl flex-col gap-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <form
        className="flex flex-col gap-6"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <FormSection title={t('title')}>
          <FormField label={t('name')} errors={errors.name} htmlFor="network-name">
            <input
              id="network-name"
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                clear('name');
              }}
              aria-invalid={errors.name ? true : undefined}
              className={inputClass(errors.name)}
            />
          </FormField>
          <FormField label={t('driver')} hint="--driver" errors={errors.driver} htmlFor="network-driver">
            <select
              id="network-driver"
              value={driver}
              onChange={(e) => {
                setDriver(e.target.value as NetworkDriver);
                clear('driver');
              }}
              className={inputClass(errors.driver)}
            >
              {NETWORK_DRIVERS.map((d) => (
                <option key={d} value={d} disabled={!available.has(d)}>
                  {d === 'overlay' && !available.has(d) ? `${d} — ${t('overlayNeedsSwarm')}` : d}
                </option>
              ))}
            </select>
            {(driver === 'macvlan' || driver === 'ipvlan') && (
              <p className="text-xs text-slate-500">{t('driverHint')}</p>
            )}
          </FormField>
        </FormSection>

        <fieldset className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
          <legend className="px-1 text-sm font-semibold">
            {t('pools')} <span className="font-normal text-slate-500">— {t('poolsHint')}</span>
          </legend>
          {pools.map((pool, row) => {
            const index = sentIndex(pool.key);
            const err = (field: string) => (index >= 0 ? errors[`pools.${index}.${field}`] : undefined);
            return (
              <div
                key={pool.key}
                className="grid items-start gap-3 sm:grid-cols-[1fr_1fr_1fr_auto]"
                data-testid="pool-row"
              >
                <FormField
                  label={t('subnet')}
                  hint="--subnet"
                  errors={err('subnet')}
                  htmlFor={`pool-${row}-subnet`}
                >
                  <input
                    id={`pool-${row}-subnet`}
                    value={pool.subnet}
                    placeholder="172.28.0.0/16"
                    onChange={(e) => updatePool(pool.key, 'subnet', e.target.value)}
                    aria-invalid={err('subnet') ? true : undefined}
                    className={`${inputClass(err('subnet'))} font-mono`}
                  />
                </FormField>
                <FormField
                  label={t('gateway')}
                  hint="--gateway"
                  errors={err('gateway')}
                  htmlFor={`pool-${row}-gateway`}
                >
                  <input
                    id={`pool-${row}-gateway`}
                    value={pool.gateway}
                    placeholder="172.28.0.1"
                    onChange={(e) => updatePool(pool.key, 'gateway', e.target.value)}
                    aria-invalid={err('gateway') ? true : undefined}
                    className={`${inputClass(err('gateway'))} font-mono`}
                  />
                </FormField>
                <FormField
                  label={t('ipRange')}
                  hint="--ip-range"
                  errors={err('ipRange')}
                  htmlFor={`pool-${row}-range`}
                >
                  <input
                    id={`pool-${row}-range`}
                    value={pool.ipRange}
                    placeholder="172.28.5.0/24"
                    onChange={(e) => updatePool(pool.key, 'ipRange', e.target.value)}
                    aria-invalid={err('ipRange') ? true : undefined}
                    className={`${inputClass(err('ipRange'))} font-mono`}
                  />
                </FormField>
                <button
                  type="button"
                  className="mt-6 rounded p-1.5 text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800"
                  aria-label={t('removePool', { index: row + 1 })}
                  onClick={() => {
                    setPools((list) => list.filter((p) => p.key !== pool.key));
                    clear('pools');
                  }}
                >
                  <X className="h-4 w-4" aria-hidden />
                </button>
              </div>
            );
          })}
          {errors.pools && <p className="text-xs text-red-600 dark:text-red-400">{errors.pools.join(' ')}</p>}
          <div>
            <Button onClick={() => setPools((list) => [...list, emptyPool()])} disabled={pools.length >= 6}>
              <Plus className="h-4 w-4" aria-hidden />
              {t('addPool')}
            </Button>
          </div>
          <div className="flex flex-col gap-2 pt-1">
            {(
              [
                ['ipv6', '--ipv6'],
                ['internal', '--internal'],
                ['attachable', '--attachable'],
              ] as const
            ).map(([flag, cli]) => (
              <label key={flag} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  name={flag}
                  checked={flags[flag]}
                  onChange={(e) => {
                    setFlags((f) => ({ ...f, [flag]: e.target.checked }));
                    clear(flag, 'pools');
                  }}
                />
                {t(flag)}
                <code className="text-xs text-slate-500">{cli}</code>
              </label>
            ))}
          </div>
        </fieldset>

        <FormSection title={`${t('labels')} · ${t('options')}`}>
          <LinesField
            id="network-labels"
            label={t('labels')}
            hint={t('labelsHint')}
            errors={listErrors(errors, 'labels')}
            value={labels}
            placeholder="com.example.team=web"
            onChange={(value) => {
              setLabels(value);
              clear('labels');
            }}
          />
          <LinesField
            id="network-options"
            label={t('options')}
            hint={t('optionsHint')}
            errors={listErrors(errors, 'options')}
            value={options}
            placeholder={driver === 'bridge' ? 'com.docker.network.bridge.name=br-app' : 'parent=eth0'}
            onChange={(value) => {
              setOptions(value);
              clear('options');
            }}
          />
        </FormSection>

        <FormFooter
          command={command}
          cancelLabel={t('cancel')}
          onCancel={() => router.push('/networks')}
          submitLabel={t('submit')}
          submitTestId="network-create-submit"
          pending={create.isPending}
          sticky
        />
      </form>
    </div>
  );
}

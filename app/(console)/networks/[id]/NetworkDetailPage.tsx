'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { useCan } from '@/components/auth/queries';
import { useContainers } from '@/components/containers/queries';
import { BackLink } from '@/components/detail/BackLink';
import { DetailTabs } from '@/components/detail/DetailTabs';
import { DetailTitle } from '@/components/detail/DetailTitle';
import { type Field, FieldList, pairLines } from '@/components/detail/FieldList';
import { InspectPanel } from '@/components/detail/InspectPanel';
import { RemoveButton } from '@/components/detail/RemoveButton';
import Link from '@/components/environments/EnvLink';
import { useRouter } from '@/components/environments/navigation';
import {
  useConnectContainer,
  useDisconnectContainer,
  useRemoveNetworks,
} from '@/components/networks/mutations';
import { useNetwork } from '@/components/networks/queries';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { ConfirmDialog } from '@/components/ui/ConfirmDialog';
import { FormField, inputClass, listErrors } from '@/components/ui/FormField';
import { queryGate } from '@/components/ui/QueryGate';
import { useFieldErrors } from '@/components/ui/useFieldErrors';
import { renderNetworkCommand } from '@/lib/networks/cli';
import { type NetworkConnectInput, networkConnectSchema } from '@/lib/networks/form';
import type { NetworkDetail, NetworkEndpoint } from '@/lib/networks/types';

const TABS = ['overview', 'containers', 'inspect'] as const;
type Tab = (typeof TABS)[number];

export function NetworkDetailPage({ id }: { id: string }) {
  const t = useTranslations('networks.detail');
  const [tab, setTab] = useState<Tab>('containers');
  const network = useNetwork(id);
  const canWrite = useCan('networks:write');

  const back = <BackLink href="/networks" label={t('back')} />;
  const gate = queryGate(network, { loading: t('loading'), notFound: t('notFound', { id }) }, back);
  if (gate || !network.data) return gate;
  const info = network.data;
  return (
    <div className="flex flex-col gap-4">
      {back}
      <DetailTitle title={info.name} testId="network-name">
        <span className="font-mono text-xs text-slate-500">{info.driver}</span>
        {canWrite && !info.predefined && <RemoveNetwork network={info} />}
      </DetailTitle>
      {info.predefined && <p className="text-sm text-slate-500">{t('predefined')}</p>}
      <DetailTabs tabs={TABS} value={tab} onChange={setTab} label={(key) => t(`tabs.${key}`)}>
        {tab === 'overview' && <Overview network={info} />}
        {tab === 'containers' && <Members network={info} canWrite={canWrite} />}
        {tab === 'inspect' && (
          <InspectPanel
            command={renderNetworkCommand({ action: 'inspect', name: info.name })}
            data={info.raw}
          />
        )}
      </DetailTabs>
    </div>
  );
}

function RemoveNetwork({ network }: { network: NetworkDetail }) {
  const t = useTranslations('networks.detail');
  const router = useRouter();
  const remove = useRemoveNetworks();
  return (
    <RemoveButton
      label={t('remove')}
      title={t('removeTitle', { name: network.name })}
      command={renderNetworkCommand({ action: 'remove', names: [network.name] })}
      testId="network-remove"
      pending={remove.isPending}
      onConfirm={(close) =>
        remove.mutate([{ id: network.id, name: network.name }], {
          onSuccess: () => router.push('/networks'),
          onError: close,
        })
      }
    >
      <p>{t('removeBody')}</p>
    </RemoveButton>
  );
}

function Overview({ network: n }: { network: NetworkDetail }) {
  const t = useTranslations('networks.detail');
  const tf = useTranslations('networks.flags');
  const locale = useLocale();
  const flags = (['internal', 'attachable', 'ipv6', 'ingress', 'predefined'] as const).filter((f) =>
    f === 'ipv6' ? n.ipv6 : n[f],
  );
  const rows: Field[] = [
    [t('fields.id'), n.id],
    [t('fields.driver'), n.driver],
    [t('fields.scope'), n.scope],
    [t('fields.created'), n.created ? new Date(n.created).toLocaleString(locale) : '—'],
    [
      t('fields.subnets'),
      n.pools
        .map((p) =>
          [
            p.gateway
              ? t('pool', { subnet: p.subnet, gateway: p.gateway })
              : t('poolNoGateway', { subnet: p.subnet }),
            p.ipRange ? t('range', { range: p.ipRange }) : '',
          ]
            .filter(Boolean)
            .join(', '),
        )
        .join('\n') || '—',
    ],
    [t('fields.flags'), flags.map((f) => tf(f)).join(', ') || t('none')],
    [t('fields.labels'), pairLines(n.labels)],
    [t('fields.options'), pairLines(n.options)],
  ];
  return <FieldList fields={rows} />;
}

function Members({ network, canWrite }: { network: NetworkDetail; canWrite: boolean }) {
  const t = useTranslations('networks.members');
  const [leaving, setLeaving] = useState<NetworkEndpoint | null>(null);
  const [force, setForce] = useState(false);
  const disconnect = useDisconnectContainer(network);
  return (
    <div className="flex flex-col gap-4">
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <table className="w-full min-w-[48rem] text-left text-sm" data-testid="network-members">
          <thead className="border-b border-slate-200 text-xs font-semibold tracking-wide text-slate-500 uppercase dark:border-slate-800">
            <tr>
              <th className="px-3 py-2">{t('columns.container')}</th>
              <th className="px-3 py-2">{t('columns.state')}</th>
              <th className="px-3 py-2">{t('columns.ipv4')}</th>
              <th className="px-3 py-2">{t('columns.ipv6')}</th>
              <th className="px-3 py-2">{t('columns.mac')}</th>
              <th className="px-3 py-2">{t('columns.aliases')}</th>
              <th className="px-3 py-2" />
            </tr>
          </thead>
          <tbody>
            {network.endpoints.map((e) => (
              <tr
                key={e.containerId}
                className="border-b border-slate-100 dark:border-slate-800"
                data-testid="network-member"
                data-name={e.containerName}
              >
                <td className="px-3 py-2">
                  <Link
                    href={`/containers/${e.containerId}`}
                    className="font-medium text-sky-700 hover:underline dark:text-sky-400"
                  >
                    {e.containerName}
                  </Link>
                </td>
                <td className="px-3 py-2 text-xs">{e.state}</td>
                <td className="px-3 py-2 font-mono text-xs" data-testid="member-ipv4">
                  {e.ipv4 || e.staticIpv4 || '—'}
                  {e.staticIpv4 && <span className="ml-1 text-slate-500">({t('static')})</span>}
                </td>
                <td className="px-3 py-2 font-mono text-xs">
                  {e.ipv6 || e.staticIpv6 || '—'}
                  {e.staticIpv6 && <span className="ml-1 text-slate-500">({t('static')})</span>}
                </td>
                <td className="px-3 py-2 font-mono text-xs">{e.mac || '—'}</td>
                <td className="px-3 py-2 font-mono text-xs" data-testid="member-aliases">
                  {e.aliases.join(', ') || '—'}
                </td>
                <td className="px-3 py-2 text-right">
                  {canWrite && (
                    <Button
                      onClick={() => {
                        setForce(false);
                        setLeaving(e);
                      }}
                      data-testid="member-disconnect"
                    >
                      {t('disconnect')}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {network.endpoints.length === 0 && <p className="p-4 text-sm text-slate-500">{t('empty')}</p>}
      </div>

      {canWrite && <ConnectForm network={network} />}

      <ConfirmDialog
        open={leaving !== null}
        title={
          leaving ? t('disconnectTitle', { container: leaving.containerName, network: network.name }) : ''
        }
        command={
          leaving
            ? renderNetworkCommand({
                action: 'disconnect',
                network: network.name,
                container: leaving.containerName,
                force,
              })
            : undefined
        }
        confirmLabel={t('disconnect')}
        danger
        pending={disconnect.isPending}
        onCancel={() => setLeaving(null)}
        onConfirm={() =>
          leaving &&
          disconnect.mutate(
            { container: leaving.containerName, force },
            { onSettled: () => setLeaving(null) },
          )
        }
      >
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
          {t('force')}
        </label>
      </ConfirmDialog>
    </div>
  );
}

function ConnectForm({ network }: { network: NetworkDetail }) {
  const t = useTranslations('networks.members');
  const containers = useContainers({ state: 'all' });
  const connect = useConnectContainer(network);
  const [container, setContainer] = useState('');
  const [aliases, setAliases] = useState('');
  const [ipv4, setIpv4] = useState('');
  const [ipv6, setIpv6] = useState('');
  const { errors, reset, valid, fromServer } = useFieldErrors();
  const members = new Set(network.endpoints.map((e) => e.containerId));
  const candidates = (containers.data ?? []).filter((c) => !members.has(c.id));
  const input: NetworkConnectInput = {
    container,
    aliases: aliases.split(/[\s,]+/).filter(Boolean),
    ipv4,
    ipv6,
  };

  const submit = () => {
    if (!valid(networkConnectSchema, input)) return;
    connect.mutate(input, {
      onSuccess: () => {
        setContainer('');
        setAliases('');
        setIpv4('');
        setIpv6('');
        reset();
      },
      onError: fromServer,
    });
  };

  return (
    <form
      className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      data-testid="connect-form"
    >
      <h2 className="text-sm font-semibold">{t('connectTitle')}</h2>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <FormField label={t('container')} errors={errors.container} htmlFor="connect-container">
          <select
            id="connect-container"
            value={container}
            onChange={(e) => {
              setContainer(e.target.value);
              reset();
            }}
            className={inputClass(errors.container)}
          >
            <option value="">{t('choose')}</option>
            {candidates.map((c) => (
              <option key={c.id} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </FormField>
        <FormField
          label={t('aliases')}
          hint={t('aliasesHint')}
          errors={listErrors(errors, 'aliases')}
          htmlFor="connect-aliases"
        >
          <input
            id="connect-aliases"
            value={aliases}
            onChange={(e) => setAliases(e.target.value)}
            className={`${inputClass(listErrors(errors, 'aliases'))} font-mono`}
          />
        </FormField>
        <FormField label={t('ipv4')} hint="--ip" errors={errors.ipv4} htmlFor="connect-ipv4">
          <input
            id="connect-ipv4"
            value={ipv4}
            placeholder={network.pools[0]?.subnet ?? ''}
            onChange={(e) => setIpv4(e.target.value)}
            aria-invalid={errors.ipv4 ? true : undefined}
            className={`${inputClass(errors.ipv4)} font-mono`}
          />
        </FormField>
        <FormField label={t('ipv6')} hint="--ip6" errors={errors.ipv6} htmlFor="connect-ipv6">
          <input
            id="connect-ipv6"
            value={ipv6}
            onChange={(e) => setIpv6(e.target.value)}
            aria-invalid={errors.ipv6 ? true : undefined}
            className={`${inputClass(errors.ipv6)} font-mono`}
          />
        </FormField>
      </div>
      <p className="text-xs text-slate-500">{t('staticHint')}</p>
      <CliCommand command={renderNetworkCommand({ action: 'connect', network: network.name, input })} />
      <div>
        <Button type="submit" variant="primary" disabled={connect.isPending} data-testid="connect-submit">
          {t('connect')}
        </Button>
      </div>
    </form>
  );
}

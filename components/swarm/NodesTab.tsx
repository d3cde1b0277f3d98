'use client';

import { useLocale, useTranslations } from 'next-intl';
import { Fragment, useState } from 'react';
import { useCan } from '@/components/auth/queries';
import { ListError } from '@/components/list/ListError';
import { formatKeyValues, parseKeyValues } from '@/components/swarm/form';
import { useUpdateNode } from '@/components/swarm/mutations';
import { useNodes } from '@/components/swarm/queries';
import { TasksPanel } from '@/components/swarm/TasksTable';
import { Button } from '@/components/ui/Button';
import { ConfirmDialog } from '@/components/ui/ConfirmDialog';
import { inputClass } from '@/components/ui/FormField';
import { Table } from '@/components/ui/Table';
import { formatBytes } from '@/lib/format';
import { nodePsCommand, nodeUpdateCommand } from '@/lib/swarm/cli';
import type { NodeUpdate } from '@/lib/swarm/schemas';
import type { NodeAvailability, NodeView } from '@/lib/swarm/types';

type Pending =
  | { kind: 'availability'; node: NodeView; availability: NodeAvailability }
  | { kind: 'role'; node: NodeView; role: 'manager' | 'worker' }
  | { kind: 'labels'; node: NodeView; text: string };

const AVAILABILITIES: NodeAvailability[] = ['active', 'pause', 'drain'];

function updateOf(p: Pending): NodeUpdate {
  if (p.kind === 'availability') return { availability: p.availability };
  if (p.kind === 'role') return { role: p.role };
  return { labels: parseKeyValues(p.text) };
}

/** `docker node ls`, with `docker node update` for availability, role and labels (environments:admin). */
export function NodesTab() {
  const t = useTranslations('swarm.nodes');
  const locale = useLocale();
  const nodes = useNodes();
  const update = useUpdateNode();
  const canAdmin = useCan('environments:admin');
  const [pending, setPending] = useState<Pending | null>(null);
  const [tasksOf, setTasksOf] = useState<string | null>(null);

  if (nodes.isError && !nodes.data) return <ListError message={nodes.error.message} />;
  const list = nodes.data ?? [];
  const columns = [
    t('hostname'),
    t('role'),
    t('availability'),
    t('state'),
    t('manager'),
    t('engine'),
    t('cpus'),
    t('memory'),
    t('labels'),
    '',
  ];

  const confirmTitle = (p: Pending) =>
    p.kind === 'availability'
      ? t(`confirm.${p.availability}`, { name: p.node.hostname })
      : p.kind === 'role'
        ? t(p.role === 'manager' ? 'confirm.promote' : 'confirm.demote', { name: p.node.hostname })
        : t('confirm.labels', { name: p.node.hostname });

  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm text-slate-500" data-testid="swarm-node-count">
        {t('count', { count: list.length })}
      </p>
      <Table
        columns={columns}
        testId="swarm-node-table"
        after={
          list.length === 0 && (
            <p className="p-4 text-center text-sm text-slate-500">
              {nodes.isLoading ? t('loading') : t('empty')}
            </p>
          )
        }
      >
        {list.map((n) => (
          <Fragment key={n.id}>
            <tr
              className="border-b border-slate-100 align-top dark:border-slate-800"
              data-testid="swarm-node-row"
              data-name={n.hostname}
              data-availability={n.availability}
            >
              <td className="px-3 py-2">
                <span className="font-medium">{n.hostname}</span>
                {n.self && (
                  <span className="ml-1.5 rounded bg-sky-100 px-1.5 text-xs whitespace-nowrap text-sky-800 dark:bg-sky-950 dark:text-sky-300">
                    {t('self')}
                  </span>
                )}
                <div className="font-mono text-xs text-slate-500">{n.addr}</div>
              </td>
              <td className="px-3 py-2 text-xs">{t(`roles.${n.role}`)}</td>
              <td className="px-3 py-2 text-xs" data-testid="swarm-node-availability">
                {t(`availabilities.${n.availability}`)}
              </td>
              <td
                className={`px-3 py-2 text-xs ${n.state === 'ready' ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-700 dark:text-red-400'}`}
              >
                {n.state}
              </td>
              <td className="px-3 py-2 text-xs">{n.leader ? t('leader') : (n.reachability ?? '—')}</td>
              <td className="px-3 py-2 font-mono text-xs">{n.engineVersion}</td>
              <td className="px-3 py-2 text-xs">{new Intl.NumberFormat(locale).format(n.cpus)}</td>
              <td className="px-3 py-2 text-xs">{formatBytes(n.memoryBytes, locale)}</td>
              <td className="px-3 py-2 font-mono text-xs">
                {Object.entries(n.labels).map(([k, v]) => (
                  <div key={k}>{v === '' ? k : `${k}=${v}`}</div>
                ))}
              </td>
              <td className="px-3 py-2">
                <div className="flex flex-wrap justify-end gap-1">
                  <Button
                    variant="ghost"
                    onClick={() => setTasksOf(tasksOf === n.id ? null : n.id)}
                    aria-expanded={tasksOf === n.id}
                    data-testid="swarm-node-tasks"
                  >
                    {t('tasks')}
                  </Button>
                  {canAdmin && (
                    <>
                      {AVAILABILITIES.filter((a) => a !== n.availability).map((a) => (
                        <Button
                          key={a}
                          variant={a === 'drain' ? 'danger' : 'secondary'}
                          onClick={() => setPending({ kind: 'availability', node: n, availability: a })}
                          data-testid={`swarm-node-${a}`}
                        >
                          {t(`actions.${a}`)}
                        </Button>
                      ))}
                      <Button
                        onClick={() =>
                          setPending({ kind: 'labels', node: n, text: formatKeyValues(n.labels) })
                        }
                      >
                        {t('actions.labels')}
                      </Button>
                      <Button
                        onClick={() =>
                          setPending({
                            kind: 'role',
                            node: n,
                            role: n.role === 'manager' ? 'worker' : 'manager',
                          })
                        }
                      >
                        {n.role === 'manager' ? t('actions.demote') : t('actions.promote')}
                      </Button>
                    </>
                  )}
                </div>
              </td>
            </tr>
            {tasksOf === n.id && (
              <tr className="border-b border-slate-100 dark:border-slate-800">
                <td colSpan={columns.length} className="bg-slate-50 px-3 py-3 dark:bg-slate-950">
                  <TasksPanel filter={{ node: n.id }} command={nodePsCommand(n.hostname)} />
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </Table>

      <ConfirmDialog
        open={pending !== null}
        title={pending ? confirmTitle(pending) : ''}
        command={pending ? nodeUpdateCommand(pending.node, updateOf(pending)) : undefined}
        confirmLabel={t('apply')}
        danger={pending?.kind === 'availability' && pending.availability === 'drain'}
        pending={update.isPending}
        onCancel={() => setPending(null)}
        onConfirm={() => {
          if (!pending) return;
          update.mutate(
            { node: pending.node, update: updateOf(pending) },
            { onSuccess: () => setPending(null) },
          );
        }}
      >
        {pending?.kind === 'availability' && <p>{t(`explain.${pending.availability}`)}</p>}
        {pending?.kind === 'role' && (
          <p>{t(pending.role === 'manager' ? 'explain.promote' : 'explain.demote')}</p>
        )}
        {pending?.kind === 'labels' && (
          <label className="flex flex-col gap-1">
            <span>{t('labelsHint')}</span>
            <textarea
              rows={5}
              value={pending.text}
              onChange={(e) => setPending({ ...pending, text: e.target.value })}
              className={`${inputClass()} font-mono`}
              data-testid="swarm-node-labels"
              placeholder="zone=a"
            />
          </label>
        )}
      </ConfirmDialog>
    </div>
  );
}

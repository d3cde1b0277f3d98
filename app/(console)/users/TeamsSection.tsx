'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { apiFetch } from '@/components/api/client';
import { useInvalidatingMutation } from '@/components/api/mutations';
import { AuthField } from '@/components/auth/Field';
import { useEnvironments } from '@/components/environments/queries';
import { Button } from '@/components/ui/Button';
import { teamKeys, userKeys, useTeams } from '@/components/users/queries';
import { usersApi } from '@/lib/api/users';
import { ROLES, type Role } from '@/lib/auth/roles';
import type { TeamView } from '@/lib/auth/views';
import { LOCAL_ENVIRONMENT } from '@/lib/environments/types';

const select = 'rounded border border-slate-300 bg-white px-1 py-0.5 dark:border-slate-700 dark:bg-slate-950';

/** Teams group users; a member's role is the strongest of their own and their teams'. */
export function TeamsSection({ users }: { users: { id: number; username: string }[] }) {
  const t = useTranslations('users');
  const teams = useTeams();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  // A team's role and members change its members' effective roles.
  const invalidates = () => [teamKeys.all, userKeys.all];
  const create = useInvalidatingMutation({
    mutationFn: (body: { name: string; role: Role }) => apiFetch(usersApi.createTeam, { json: body }),
    invalidates,
    success: (body) => t('teamCreated', { name: body.name }),
  });
  const update = useInvalidatingMutation({
    mutationFn: ({
      id,
      ...patch
    }: {
      id: number;
      role?: Role;
      memberIds?: number[];
      environmentRoles?: Record<string, Role>;
    }) => apiFetch(usersApi.updateTeam, { params: { id }, json: patch }),
    invalidates,
  });
  const remove = useInvalidatingMutation({
    mutationFn: (id: number) => apiFetch(usersApi.removeTeam, { params: { id } }),
    invalidates,
  });

  return (
    <section className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 className="font-semibold">{t('teams')}</h2>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ name, role }, { onSuccess: () => setName('') });
        }}
      >
        <div className="min-w-48 flex-1">
          <AuthField label={t('teamName')} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <RoleSelect label={t('role')} value={role} onChange={setRole} />
        <Button type="submit" variant="primary" disabled={!name.trim()}>
          {t('createTeam')}
        </Button>
      </form>
      {teams.data?.map((team) => {
        const memberIds = new Set(team.members.map((m) => m.id));
        return (
          <div
            key={team.id}
            className="flex flex-col gap-2 border-t border-slate-100 pt-2 dark:border-slate-800"
          >
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-medium">{team.name}</span>
              <RoleSelect
                label={t('roleOf', { username: team.name })}
                value={team.role}
                onChange={(r) => update.mutate({ id: team.id, role: r })}
              />
              <Button variant="ghost" className="ml-auto" onClick={() => remove.mutate(team.id)}>
                {t('delete')}
              </Button>
            </div>
            <EnvironmentRoles
              team={team}
              onChange={(environmentRoles) => update.mutate({ id: team.id, environmentRoles })}
            />
            <div className="flex flex-wrap gap-3 text-sm">
              {users.map((u) => (
                <label key={u.id} className="flex items-center gap-1">
                  <input
                    type="checkbox"
                    checked={memberIds.has(u.id)}
                    onChange={(e) => {
                      const next = new Set(memberIds);
                      if (e.target.checked) next.add(u.id);
                      else next.delete(u.id);
                      update.mutate({ id: team.id, memberIds: [...next] });
                    }}
                  />
                  {u.username}
                </label>
              ))}
            </div>
          </div>
        );
      })}
    </section>
  );
}

/** The team's role per environment: each replaces the team's own role on that engine. */
function EnvironmentRoles({
  team,
  onChange,
}: {
  team: TeamView;
  onChange: (roles: Record<string, Role>) => void;
}) {
  const t = useTranslations('users');
  const environments = useEnvironments();
  const ids = [LOCAL_ENVIRONMENT, ...(environments.data ?? []).map((e) => e.id)].filter(
    (id, i, all) => all.indexOf(id) === i,
  );
  const nameOf = (id: string) => environments.data?.find((e) => e.id === id)?.name ?? id;
  const free = ids.filter((id) => !(id in team.environmentRoles));
  const [env, setEnv] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const chosen = free.includes(env) ? env : (free[0] ?? '');
  return (
    <div className="flex flex-col gap-1 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-slate-500">{t('environmentRoles')}</span>
        {Object.entries(team.environmentRoles).map(([id, r]) => (
          <span
            key={id}
            className="flex items-center gap-1 rounded border border-slate-200 px-1 dark:border-slate-700"
          >
            <span className="font-mono">{nameOf(id)}</span>
            <RoleSelect
              label={t('environmentRoleOf', { team: team.name, env: nameOf(id) })}
              value={r}
              onChange={(r) => onChange({ ...team.environmentRoles, [id]: r })}
            />
            <button
              type="button"
              aria-label={t('removeEnvironmentRole', { team: team.name, env: nameOf(id) })}
              className="px-1 text-slate-500 hover:text-red-600"
              onClick={() => {
                const { [id]: _gone, ...rest } = team.environmentRoles;
                onChange(rest);
              }}
            >
              ×
            </button>
          </span>
        ))}
        {free.length > 0 && (
          <span className="flex items-center gap-1">
            <select
              aria-label={t('environment')}
              value={chosen}
              onChange={(e) => setEnv(e.target.value)}
              className={select}
            >
              {free.map((id) => (
                <option key={id} value={id}>
                  {nameOf(id)}
                </option>
              ))}
            </select>
            <RoleSelect label={t('role')} value={role} onChange={setRole} />
            <Button
              variant="ghost"
              disabled={!chosen}
              onClick={() => onChange({ ...team.environmentRoles, [chosen]: role })}
            >
              {t('addEnvironmentRole')}
            </Button>
          </span>
        )}
      </div>
      <p className="text-xs text-slate-500">{t('environmentRolesHint')}</p>
    </div>
  );
}

/** A role picker: the roles in their translated names. */
function RoleSelect({
  label,
  value,
  onChange,
}: {
  label: string;
  value: Role;
  onChange: (role: Role) => void;
}) {
  const tr = useTranslations('auth.roles');
  return (
    <select
      aria-label={label}
      value={value}
      onChange={(e) => onChange(e.target.value as Role)}
      className={select}
    >
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {tr(r)}
        </option>
      ))}
    </select>
  );
}

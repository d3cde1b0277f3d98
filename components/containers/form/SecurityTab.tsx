'use client';

import { useTranslations } from 'next-intl';
import { Check, Checks, LinesInput, Section, TextInput, useFields } from './fields';

/** Capabilities people add most (the engine grants none of these by default). */
const ADDABLE = [
  'NET_ADMIN',
  'SYS_ADMIN',
  'SYS_PTRACE',
  'SYS_MODULE',
  'SYS_TIME',
  'SYS_NICE',
  'SYS_RESOURCE',
  'IPC_LOCK',
  'NET_BROADCAST',
  'SYS_RAWIO',
  'SYSLOG',
  'ALL',
] as const;
/** The engine's default set, which is what can be dropped (ALL drops them all). */
const DROPPABLE = [
  'ALL',
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'NET_RAW',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
] as const;

/** `cap_net_admin`, `CAP_NET_ADMIN` and `NET_ADMIN` are the same capability to the engine. */
const capName = (line: string) => line.trim().toUpperCase().replace(/^CAP_/, '');

/** Checkboxes over the lines of --cap-add / --cap-drop: ticking adds the line, unticking removes it. */
function CapabilityGrid({ field, caps }: { field: 'capAdd' | 'capDrop'; caps: readonly string[] }) {
  const t = useTranslations('create.adv');
  const { state, update } = useFields();
  const lines = state[field].split('\n').filter((l) => l.trim() !== '');
  const present = new Set(lines.map(capName));
  const toggle = (cap: string, on: boolean) =>
    update(field, on ? [...lines, cap].join('\n') : lines.filter((l) => capName(l) !== cap).join('\n'));
  return (
    <fieldset
      className="grid grid-cols-2 gap-x-3 gap-y-1 rounded-md border border-slate-200 p-2 dark:border-slate-800"
      data-testid={`caps-${field}`}
    >
      <legend className="px-1 text-xs text-slate-500">{t(`capsGrid.${field}`)}</legend>
      {caps.map((cap) => (
        <label key={cap} className="flex items-center gap-1.5 font-mono text-xs">
          <input type="checkbox" checked={present.has(cap)} onChange={(e) => toggle(cap, e.target.checked)} />
          {cap}
        </label>
      ))}
    </fieldset>
  );
}

export function SecurityTab() {
  const t = useTranslations('create.adv.sections');
  return (
    <div className="flex flex-col gap-6">
      <Section>
        <Checks>
          <Check field="privileged" flag="--privileged" />
          <Check field="readOnly" flag="--read-only" />
        </Checks>
      </Section>
      <Section title={t('capabilities')}>
        <LinesInput field="capAdd" flag="--cap-add" placeholder="NET_ADMIN" rows={2}>
          <CapabilityGrid field="capAdd" caps={ADDABLE} />
        </LinesInput>
        <LinesInput field="capDrop" flag="--cap-drop" placeholder="ALL" rows={2}>
          <CapabilityGrid field="capDrop" caps={DROPPABLE} />
        </LinesInput>
      </Section>
      <Section title={t('devices')}>
        <LinesInput
          field="devices"
          flag="--device"
          placeholder={'/dev/fuse\n/dev/null:/dev/mynull:r'}
          rows={2}
        />
        <LinesInput field="deviceCgroupRules" flag="--device-cgroup-rule" placeholder="c 1:3 mr" rows={2} />
      </Section>
      <Section title={t('isolation')}>
        <LinesInput
          field="securityOpts"
          flag="--security-opt"
          placeholder={'no-new-privileges:true\napparmor=unconfined'}
          rows={2}
        />
        <LinesInput field="sysctls" flag="--sysctl" placeholder="net.core.somaxconn=1024" rows={2} />
        <LinesInput field="groupAdd" flag="--group-add" placeholder={'audio\n44'} rows={2} />
        <TextInput field="pid" flag="--pid" placeholder="host" suggestions={['host', 'container:']} />
        <TextInput
          field="ipc"
          flag="--ipc"
          placeholder="private"
          suggestions={['none', 'private', 'shareable', 'host', 'container:']}
        />
        <TextInput field="uts" flag="--uts" placeholder="host" suggestions={['host']} />
        <TextInput field="userns" flag="--userns" placeholder="host" suggestions={['host']} />
        <TextInput
          field="cgroupns"
          flag="--cgroupns"
          placeholder="private"
          suggestions={['host', 'private']}
        />
      </Section>
    </div>
  );
}

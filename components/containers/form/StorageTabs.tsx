'use client';

import { useTranslations } from 'next-intl';
import { LinesInput, Section, TextInput } from './fields';

export function VolumesTab() {
  const t = useTranslations('create');
  return (
    <Section>
      <LinesInput
        field="volumes"
        hint={t('hints.volumes')}
        placeholder={'/srv/data:/data\nmyvolume:/var/lib/app:ro'}
        wide
      />
      <LinesInput
        field="mounts"
        flag="--mount"
        placeholder={'type=bind,source=/srv/app,target=/app,readonly\ntype=volume,source=cache,target=/cache'}
        wide
      />
      <LinesInput field="tmpfs" flag="--tmpfs" placeholder={'/run:rw,noexec,size=64m\n/tmp'} />
      <LinesInput field="volumesFrom" flag="--volumes-from" placeholder="other-container:ro" />
      <TextInput field="volumeDriver" flag="--volume-driver" placeholder="local" />
    </Section>
  );
}

export function EnvTab() {
  const t = useTranslations('create');
  return (
    <Section>
      <LinesInput
        field="env"
        hint={t('hints.env')}
        placeholder={'KEY=value\nTZ=Europe/London'}
        rows={8}
        wide
      />
    </Section>
  );
}

export function LabelsTab() {
  return (
    <Section>
      <LinesInput
        field="labels"
        hint="-l"
        placeholder={'com.example.team=web\ntraefik.enable=true'}
        rows={8}
        wide
      />
    </Section>
  );
}

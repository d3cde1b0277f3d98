'use client';

import { useTranslations } from 'next-intl';
import { useImages } from '@/components/images/queries';
import { PULL_POLICIES } from '@/lib/containers/run-specs';
import { Check, Checks, LinesInput, Section, TextInput, useFields, WordsInput } from './fields';

export function GeneralTab() {
  const t = useTranslations('create');
  const { mode, state } = useFields();
  const images = useImages();
  return (
    <Section>
      <TextInput field="image" placeholder="nginx:alpine" list="local-images" />
      <datalist id="local-images">
        {images.data
          ?.flatMap((img) => img.tags)
          .map((tag) => (
            <option key={tag} value={tag} />
          ))}
      </datalist>
      <TextInput field="name" flag="--name" placeholder="web" readOnly={mode === 'edit'} />
      <WordsInput field="command" hint={t('hints.command')} placeholder="sh -c 'echo hello'" />
      <WordsInput field="entrypoint" hint={t('adv.hints.entrypoint')} placeholder="/docker-entrypoint.sh" />
      <TextInput field="workingDir" flag="-w" placeholder="/app" />
      <TextInput field="user" flag="-u" placeholder="1000:1000" />
      <TextInput field="platform" flag="--platform" placeholder="linux/amd64" />
      <TextInput field="pull" flag="--pull" placeholder="missing" suggestions={PULL_POLICIES} />
      <Checks>
        <Check field="interactive" flag="-i" />
        <Check field="tty" flag="-t" />
        <Check
          field="start"
          flag={mode === 'edit' ? '' : 'docker run / docker create'}
          label={mode === 'edit' ? t('adv.startAfterRecreate') : undefined}
        />
      </Checks>
      {/* Only `docker create` attaches streams: shown once the container is not started here. */}
      {(!state.start || state.attach.trim() !== '') && (
        <LinesInput field="attach" flag="-a" placeholder={'stdout\nstderr'} rows={2} />
      )}
    </Section>
  );
}

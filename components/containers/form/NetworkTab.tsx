'use client';

import { useTranslations } from 'next-intl';
import { Check, Checks, LinesInput, Section, TextInput } from './fields';

export function NetworkTab() {
  const t = useTranslations('create');
  return (
    <div className="flex flex-col gap-6">
      <Section>
        <TextInput
          field="network"
          flag="--network"
          placeholder="bridge"
          suggestions={['bridge', 'host', 'none', 'container:']}
        />
        <TextInput field="hostname" flag="-h" />
        <TextInput field="domainname" flag="--domainname" placeholder="example.org" />
        <TextInput field="macAddress" flag="--mac-address" placeholder="02:42:ac:11:00:02" />
        <LinesInput field="ports" hint={t('hints.ports')} placeholder={'8080:80\n127.0.0.1:5353:53/udp'} />
        <div className="flex flex-col gap-4">
          <LinesInput field="expose" flag="--expose" placeholder={'8000\n9000-9002/udp'} rows={2} />
          <Checks>
            <Check field="publishAll" flag="-P" />
          </Checks>
        </div>
      </Section>
      <Section title={t('adv.sections.endpoint')}>
        <LinesInput field="networkAliases" flag="--network-alias" placeholder="db" rows={2} />
        <LinesInput field="linkLocalIps" flag="--link-local-ip" placeholder="169.254.1.1" rows={2} />
        <TextInput field="ip" flag="--ip" placeholder="172.30.100.104" />
        <TextInput field="ip6" flag="--ip6" placeholder="2001:db8::33" />
      </Section>
      <Section title={t('adv.sections.dns')}>
        <LinesInput field="dns" flag="--dns" placeholder={'1.1.1.1\n8.8.8.8'} rows={2} />
        <LinesInput field="dnsSearch" flag="--dns-search" placeholder="example.com" rows={2} />
        <LinesInput field="dnsOptions" flag="--dns-option" placeholder="ndots:2" rows={2} />
        <LinesInput
          field="addHosts"
          flag="--add-host"
          placeholder={'db.local:10.0.0.5\nhost.docker.internal:host-gateway'}
          rows={2}
        />
        <LinesInput field="links" flag="--link" placeholder="other-container:alias" rows={2} />
      </Section>
    </div>
  );
}

'use client';

import { useTranslations } from 'next-intl';
import { Check, Checks, LinesInput, Section, TextInput } from './fields';

const LOG_DRIVERS = ['json-file', 'local', 'journald', 'syslog', 'fluentd', 'gelf', 'none'];

export function RuntimeTab() {
  const t = useTranslations('create.adv.sections');
  return (
    <div className="flex flex-col gap-6">
      <Section title={t('memory')}>
        <TextInput field="memory" flag="-m" placeholder="512m" />
        <TextInput field="memoryReservation" flag="--memory-reservation" placeholder="256m" />
        <TextInput field="memorySwap" flag="--memory-swap" placeholder="1g / -1" />
        <TextInput field="memorySwappiness" flag="--memory-swappiness" placeholder="0-100" />
        <TextInput field="oomScoreAdj" flag="--oom-score-adj" placeholder="-1000…1000" />
        <TextInput field="shmSize" flag="--shm-size" placeholder="64m" />
        <Checks>
          <Check field="oomKillDisable" flag="--oom-kill-disable" />
        </Checks>
      </Section>
      <Section title={t('cpu')}>
        <TextInput field="cpus" flag="--cpus" placeholder="1.5" />
        <TextInput field="cpuShares" flag="-c" placeholder="1024" />
        <TextInput field="cpusetCpus" flag="--cpuset-cpus" placeholder="0-3" />
        <TextInput field="cpusetMems" flag="--cpuset-mems" placeholder="0" />
        <TextInput field="cpuPeriod" flag="--cpu-period" placeholder="100000" />
        <TextInput field="cpuQuota" flag="--cpu-quota" placeholder="50000" />
        <TextInput field="cpuRtPeriod" flag="--cpu-rt-period" />
        <TextInput field="cpuRtRuntime" flag="--cpu-rt-runtime" />
        <TextInput field="pidsLimit" flag="--pids-limit" placeholder="100" />
      </Section>
      <Section title={t('blkio')}>
        <TextInput field="blkioWeight" flag="--blkio-weight" placeholder="10-1000" />
        <LinesInput
          field="blkioWeightDevices"
          flag="--blkio-weight-device"
          placeholder="/dev/sda:300"
          rows={2}
        />
        <LinesInput field="deviceReadBps" flag="--device-read-bps" placeholder="/dev/sda:1mb" rows={2} />
        <LinesInput field="deviceWriteBps" flag="--device-write-bps" placeholder="/dev/sda:10mb" rows={2} />
        <LinesInput field="deviceReadIops" flag="--device-read-iops" placeholder="/dev/sda:1000" rows={2} />
        <LinesInput field="deviceWriteIops" flag="--device-write-iops" placeholder="/dev/sda:500" rows={2} />
      </Section>
      <Section title={t('limits')}>
        <LinesInput field="ulimits" flag="--ulimit" placeholder={'nofile=1024:2048\nnproc=512'} />
        <LinesInput field="storageOpts" flag="--storage-opt" placeholder="size=10G" />
        <TextInput field="logDriver" flag="--log-driver" placeholder="json-file" suggestions={LOG_DRIVERS} />
        <LinesInput field="logOpts" flag="--log-opt" placeholder={'max-size=10m\nmax-file=3'} rows={2} />
        <TextInput field="runtime" flag="--runtime" placeholder="runc" />
        <TextInput field="cgroupParent" flag="--cgroup-parent" />
      </Section>
    </div>
  );
}

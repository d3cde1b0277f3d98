'use client';

import Link from 'next/link';
import type { ComponentProps } from 'react';
import { useEnvironment } from '@/components/environments/current';
import { withEnv } from '@/components/environments/paths';

/** next/link that keeps the current environment (`?env=`) on in-app links. */
export default function EnvLink({ href, ...rest }: ComponentProps<typeof Link>) {
  const env = useEnvironment();
  return <Link href={typeof href === 'string' ? withEnv(href, env) : href} {...rest} />;
}

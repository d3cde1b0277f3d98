import { Suspense } from 'react';
import { ServiceDetailPage } from './ServiceDetailPage';

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense>
      <ServiceDetailPage id={decodeURIComponent(id)} />
    </Suspense>
  );
}

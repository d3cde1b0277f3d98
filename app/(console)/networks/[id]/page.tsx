import { NetworkDetailPage } from './NetworkDetailPage';

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <NetworkDetailPage id={decodeURIComponent(id)} />;
}

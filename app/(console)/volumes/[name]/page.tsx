import { VolumeDetailPage } from './VolumeDetailPage';

export default async function Page({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return <VolumeDetailPage name={decodeURIComponent(name)} />;
}

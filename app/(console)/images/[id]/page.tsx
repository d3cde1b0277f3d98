import { ImageDetailPage } from './ImageDetailPage';

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ImageDetailPage id={decodeURIComponent(id)} />;
}

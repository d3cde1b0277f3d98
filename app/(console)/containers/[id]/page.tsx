import { ContainerDetailPage } from './ContainerDetailPage';

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ContainerDetailPage id={decodeURIComponent(id)} />;
}

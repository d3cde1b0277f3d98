import { StackDetailPage } from './StackDetailPage';

export default async function Page({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return <StackDetailPage name={decodeURIComponent(name)} />;
}

import { RegistryBrowser } from './RegistryBrowser';

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RegistryBrowser id={Number(id)} />;
}

import { SettingsPage } from './SettingsPage';

export default function Page() {
  return <SettingsPage />;
}

import { LdapSection } from './LdapSection';
import { SettingsPage } from './SettingsPage';

export default function Page() {
  return (
    <div className="flex flex-col gap-6">
      <SettingsPage />
      {/* A form of its own: the settings form above holds the backup upload, and forms do not nest. */}
      <LdapSection />
    </div>
  );
}

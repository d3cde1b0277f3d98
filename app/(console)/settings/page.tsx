import { IdentityProvidersSection } from './IdentityProvidersSection';
import { LdapSection } from './LdapSection';
import { MetricsSection } from './MetricsSection';
import { SettingsPage } from './SettingsPage';

export default function Page() {
  return (
    <div className="flex flex-col gap-6">
      <SettingsPage />
      {/* Outside the settings form: these save on their own (LDAP is a form itself), and forms do not nest. */}
      <div className="flex max-w-3xl flex-col gap-6">
        <IdentityProvidersSection />
        <MetricsSection />
      </div>
      <LdapSection />
    </div>
  );
}

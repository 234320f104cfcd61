import { useState } from 'react';

type Section = 'account' | 'requests' | 'orders';

const sections: { key: Section; label: string }[] = [
  { key: 'account', label: 'My Account' },
  { key: 'requests', label: 'Requests' },
  { key: 'orders', label: 'Orders' },
];

/**
 * The customer portal. Kept to plain React and one small stylesheet so it loads fast for
 * customers; My Account, requests and orders arrive in later releases.
 */
export function PortalApp() {
  const [section, setSection] = useState<Section>('account');
  return (
    <div className="portal">
      <header className="portal-header">
        <h1 data-testid="portal-title">Patron customer portal</h1>
        <nav aria-label="Portal">
          <ul>
            {sections.map((item) => (
              <li key={item.key}>
                <button type="button" aria-current={section === item.key ? 'page' : undefined} onClick={() => setSection(item.key)}>
                  {item.label}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main className="portal-main">
        <section className="portal-card" data-testid="portal-coming-soon">
          <h2>{sections.find((item) => item.key === section)?.label}</h2>
          <p>
            {section === 'account'
              ? 'My Account is coming soon: you will be able to follow your requests, see your orders and talk to our team here.'
              : 'This section is coming soon.'}
          </p>
        </section>
      </main>
    </div>
  );
}

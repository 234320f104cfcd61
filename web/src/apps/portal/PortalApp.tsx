import { useEffect, useState } from 'react';
import { portalApi, setCsrfToken, type Customer } from './api';
import { ForgotPasswordPage, LoginPage, ResetPasswordPage, SignUpPage, VerifyEmailPage } from './AuthPages';
import { Link } from './Link';
import { navigate, useLocation } from './navigation';
import { AccountPage, AllRequestsPage, NewRequestPage, RequestPage } from './RequestPages';

/** Sections of My Account. Orders and other records join later: their places are kept. */
const sections = [
  { href: '/portal', label: 'My Account' },
  { href: '/portal/requests', label: 'Requests' },
  { href: '/portal/orders', label: 'Orders', comingSoon: true },
  { href: '/portal/profile', label: 'Profile', comingSoon: true },
];

const publicPaths = ['/portal/login', '/portal/signup', '/portal/verify-email', '/portal/forgot-password', '/portal/reset-password'];

function ComingSoon({ label }: { label: string }) {
  return (
    <section className="portal-card" data-testid="portal-coming-soon">
      <h2>{label}</h2>
      <p>
        <span className="portal-badge">Coming soon</span> This part of My Account is not ready yet.
      </p>
    </section>
  );
}

/**
 * The customer portal: plain React and one small stylesheet, so it loads fast for customers
 * (see bench/portal-size.ts for the budget).
 */
export function PortalApp() {
  const { path, search } = useLocation();
  const [customer, setCustomer] = useState<Customer | null | undefined>(undefined);

  useEffect(() => {
    void portalApi.GET('/me').then(({ data }) => {
      setCsrfToken(data?.csrfToken ?? null);
      setCustomer(data ?? null);
    });
  }, []);

  const signedIn = (next: Customer) => {
    setCsrfToken(next.csrfToken);
    setCustomer(next);
    navigate(search.get('next') ?? '/portal', true);
  };
  const signOut = async () => {
    await portalApi.POST('/auth/logout');
    setCsrfToken(null);
    setCustomer(null);
    navigate('/portal/login', true);
  };

  const isPublic = publicPaths.includes(path);
  useEffect(() => {
    if (customer === null && !isPublic) navigate(`/portal/login?next=${encodeURIComponent(path)}`, true);
  }, [customer, isPublic, path]);

  let page;
  if (path === '/portal/signup') page = <SignUpPage />;
  else if (path === '/portal/verify-email') page = <VerifyEmailPage token={search.get('token') ?? ''} />;
  else if (path === '/portal/forgot-password') page = <ForgotPasswordPage />;
  else if (path === '/portal/reset-password') page = <ResetPasswordPage token={search.get('token') ?? ''} invitation={search.get('invitation') === '1'} />;
  else if (path === '/portal/login') page = <LoginPage onSignedIn={signedIn} />;
  else if (!customer) page = <p>Loading…</p>;
  else if (path === '/portal') page = <AccountPage customer={customer} />;
  else if (path === '/portal/requests') page = <AllRequestsPage />;
  else if (path === '/portal/requests/new') page = <NewRequestPage customer={customer} />;
  else if (/^\/portal\/requests\/\d+$/.test(path)) page = <RequestPage key={path} number={Number(path.split('/').pop())} />;
  else {
    const section = sections.find((item) => item.href === path);
    page = section?.comingSoon ? <ComingSoon label={section.label} /> : <p>There is no such page. <Link href="/portal">Back to My Account</Link></p>;
  }

  return (
    <div className="portal">
      <header className="portal-header">
        <h1 data-testid="portal-title">My Account</h1>
        {customer && (
          <nav aria-label="My Account">
            <ul>
              {sections.map((item) => (
                <li key={item.href}>
                  <Link href={item.href} aria-current={path === item.href || (item.href !== '/portal' && path.startsWith(`${item.href}/`)) ? 'page' : undefined}>
                    {item.label}
                    {item.comingSoon && <span className="portal-badge">soon</span>}
                  </Link>
                </li>
              ))}
              <li>
                <button type="button" onClick={() => void signOut()}>
                  Sign out
                </button>
              </li>
            </ul>
          </nav>
        )}
      </header>
      <main className="portal-main">{page}</main>
    </div>
  );
}

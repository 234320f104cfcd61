import { useEffect, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate, useRouter } from '@tanstack/react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { AppShell, Burger, Button, Group, Menu, NavLink, ScrollArea, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { api, call, setCsrfToken, type CurrentUser } from '../../api/client';
import { ChangePasswordModal } from '../../modules/access/ChangePasswordModal';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { LoadingState } from '../../ui/States';
import { adminNavigation, navItemVisible, workNavigation, type NavItem } from './navigation';
import { sessionKey, useSessionQuery } from './session';
import { ThemeToggle } from './ThemeToggle';
import { GlobalSearch } from './GlobalSearch';

/** The signed-in frame: header, navbar filtered by rights, and the current screen. */
export function AppLayout() {
  const session = useSessionQuery();
  if (session.isPending) return <LoadingState label="Loading Patron…" />;
  if (session.isError)
    return (
      <div style={{ maxWidth: 560, margin: '64px auto' }}>
        <ProblemAlert error={session.error} onRetry={() => void session.refetch()} />
      </div>
    );
  // Signed out meanwhile (another tab, an expired session): the route guard sends to /login.
  if (!session.data) return <SignedOut />;
  return <Shell session={session.data} />;
}

function SignedOut() {
  const router = useRouter();
  useEffect(() => {
    void router.invalidate();
  }, [router]);
  return <LoadingState label="Signing in again…" />;
}

function Shell({ session }: { session: CurrentUser }) {
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  const visible = (item: NavItem) => navItemVisible(session, item);
  const admin = adminNavigation.filter(visible);
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !navOpened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={navOpened} onClick={toggleNav} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Link to="/" style={{ textDecoration: 'none', color: 'inherit' }}>
              <Title order={3} data-testid="product-name">
                Patron
              </Title>
            </Link>
          </Group>
          <GlobalSearch />
          <Group gap="sm" wrap="nowrap">
            <ThemeToggle />
            <UserMenu session={session} />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation" data-testid="navbar">
        <ScrollArea>
          {workNavigation.filter(visible).map((item) => (
            <NavEntry key={item.to} item={item} onNavigate={closeNav} />
          ))}
          {admin.length > 0 && (
            <>
              <Text size="xs" fw={600} c="dimmed" tt="uppercase" mt="md" mb={4} px="sm">
                Admin
              </Text>
              {admin.map((item) => (
                <NavEntry key={item.to} item={item} onNavigate={closeNav} />
              ))}
            </>
          )}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

function NavEntry({ item, onNavigate }: { item: NavItem; onNavigate: () => void }) {
  const location = useLocation();
  const active = location.pathname === item.to || location.pathname.startsWith(`${item.to}/`);
  return <NavLink component={Link} to={item.to} label={item.label} active={active} onClick={onNavigate} data-testid={item.testId} />;
}

function UserMenu({ session }: { session: CurrentUser }) {
  const [passwordOpened, setPasswordOpened] = useState(false);
  const client = useQueryClient();
  const navigate = useNavigate();
  const logout = useMutation({
    mutationFn: () => call(api.POST('/api/v1/auth/logout')),
    onSettled: async () => {
      setCsrfToken(null);
      client.setQueryData(sessionKey, null);
      await navigate({ to: '/login', search: {} });
      client.clear();
    },
  });
  return (
    <>
      <Menu position="bottom-end" width={220}>
        <Menu.Target>
          <Button variant="subtle" size="sm" data-testid="user-menu" aria-label="User menu">
            {session.user.name || session.user.email}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{session.user.email}</Menu.Label>
          <Menu.Item onClick={() => setPasswordOpened(true)} data-testid="change-password">
            Change password
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item color="red" onClick={() => logout.mutate()} data-testid="logout">
            Sign out
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <ChangePasswordModal opened={passwordOpened} onClose={() => setPasswordOpened(false)} />
    </>
  );
}

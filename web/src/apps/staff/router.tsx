import { Outlet, createRootRoute, createRoute, createRouter, redirect } from '@tanstack/react-router';
import { AuditLogPage } from '../../modules/audit/AuditLogPage';
import { ApiTokensPage } from '../../modules/access/ApiTokensPage';
import { BusinessUnitsPage } from '../../modules/access/BusinessUnitsPage';
import { ForgotPasswordPage } from '../../modules/access/ForgotPasswordPage';
import { GroupsPage } from '../../modules/access/GroupsPage';
import { LoginPage } from '../../modules/access/LoginPage';
import { ResetPasswordPage } from '../../modules/access/ResetPasswordPage';
import { UsersPage } from '../../modules/access/UsersPage';
import { JobsPage } from '../../modules/system/JobsPage';
import { TicketQueuePage } from '../../modules/care/TicketQueuePage';
import { TicketPage } from '../../modules/care/TicketPage';
import { FeedbackPage } from '../../modules/care/FeedbackPage';
import { RequireTicketsRead } from '../../modules/care/RequireTicketsRead';
import { careSettingsRoutes } from '../../modules/care/config/careSettingsRoutes';
import { communicationsRoutes } from '../../modules/communications/communicationsRoutes';
import { webFormsRoutes } from '../../modules/web-forms/webFormsRoutes';
import { OutboxPage } from '../../modules/system/OutboxPage';
import { QuarantinePage } from '../../modules/mail-in/QuarantinePage';
import { ContactPage } from '../../modules/customers/ContactPage';
import { ContactsPage } from '../../modules/customers/ContactsPage';
import { CompaniesPage } from '../../modules/customers/CompaniesPage';
import { CompanyPage } from '../../modules/customers/CompanyPage';
import { AccountsPage } from '../../modules/customers/AccountsPage';
import { AccountPage } from '../../modules/customers/AccountPage';
import { CustomFieldsPage } from '../../modules/customers/CustomFieldsPage';
import { ImportPage } from '../../modules/customers/import/ImportPage';
import { DuplicatesPage } from '../../modules/customers/DuplicatesPage';
import { MergePage } from '../../modules/customers/MergePage';
import { ComingSoon, Empty } from '../../ui/States';
import { AppLayout } from './AppLayout';
import { HomePage } from './HomePage';
import { queryClient } from './queryClient';
import { fetchSession, sessionKey } from './session';
import { RequireRight } from './RequireRight';
import { rights } from './rights';

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

const rootRoute = createRootRoute({
  component: Outlet,
  notFoundComponent: () => <Empty title="Page not found" description="There is nothing at this address." />,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: (search: Record<string, unknown>): { redirect?: string } => ({ redirect: optionalString(search.redirect) }),
  component: LoginPage,
});
const forgotPasswordRoute = createRoute({ getParentRoute: () => rootRoute, path: '/forgot-password', component: ForgotPasswordPage });
const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/reset-password',
  validateSearch: (search: Record<string, unknown>): { token?: string } => ({ token: optionalString(search.token) }),
  component: ResetPasswordPage,
});

// Signed-out visitors go to the login page and come back to where they were heading.
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ location }) => {
    const session = await queryClient.ensureQueryData({ queryKey: sessionKey, queryFn: fetchSession });
    if (!session) throw redirect({ to: '/login', search: { redirect: location.href === '/' ? undefined : location.href }, replace: true });
  },
  component: AppLayout,
});
const homeRoute = createRoute({ getParentRoute: () => appRoute, path: '/', component: HomePage });

const comingSoon = (path: string, title: string) =>
  createRoute({ getParentRoute: () => appRoute, path, component: () => <ComingSoon title={title} /> });

const guarded = (path: string, right: string | undefined, Screen: () => React.ReactNode) =>
  createRoute({
    getParentRoute: () => appRoute,
    path,
    component: () => (right ? <RequireRight right={right}>{<Screen />}</RequireRight> : <Screen />),
  });

const ticketRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/tickets/$number',
  validateSearch: (search: Record<string, unknown>): { reply?: boolean } => ({ reply: search.reply === true || search.reply === 'true' ? true : undefined }),
  component: function TicketScreen() {
    const { number } = ticketRoute.useParams();
    const { reply } = ticketRoute.useSearch();
    return (
      <RequireTicketsRead>
        <TicketPage key={number} number={Number(number)} reply={reply} />
      </RequireTicketsRead>
    );
  },
});

// Customers are readable with the customer rights or by anyone who works tickets (the server decides).
const customersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/customers',
  // `q` comes from the top bar's "see all".
  validateSearch: (search: Record<string, unknown>): { q?: string } => ({ q: typeof search.q === 'string' && search.q ? search.q : undefined }),
  component: function ContactsScreen() {
    const { q } = customersRoute.useSearch();
    return <ContactsPage key={q ?? ''} initialQuery={q} />;
  },
});
const contactRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/customers/$id',
  component: function ContactScreen() {
    const { id } = contactRoute.useParams();
    return <ContactPage key={id} id={id} />;
  },
});
const importRoute = createRoute({ getParentRoute: () => appRoute, path: '/customers/import', component: ImportPage });
const duplicatesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/customers/duplicates',
  validateSearch: (search: Record<string, unknown>): { contactId?: string } => ({ contactId: optionalString(search.contactId) }),
  component: function DuplicatesScreen() {
    const { contactId } = duplicatesRoute.useSearch();
    return <DuplicatesPage key={contactId ?? ''} contactId={contactId} />;
  },
});
const mergeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/customers/merge',
  validateSearch: (search: Record<string, unknown>): { winner: string; loser: string } => ({ winner: optionalString(search.winner) ?? '', loser: optionalString(search.loser) ?? '' }),
  component: function MergeScreen() {
    const { winner, loser } = mergeRoute.useSearch();
    return <MergePage key={`${winner}:${loser}`} winnerId={winner} loserId={loser} />;
  },
});
const companiesRoute = createRoute({ getParentRoute: () => appRoute, path: '/customers/companies', component: CompaniesPage });
const companyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/customers/companies/$id',
  component: function CompanyScreen() {
    const { id } = companyRoute.useParams();
    return <CompanyPage key={id} id={id} />;
  },
});
const accountsRoute = createRoute({ getParentRoute: () => appRoute, path: '/customers/accounts', component: AccountsPage });
const accountRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/customers/accounts/$id',
  component: function AccountScreen() {
    const { id } = accountRoute.useParams();
    return <AccountPage key={id} id={id} />;
  },
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  forgotPasswordRoute,
  resetPasswordRoute,
  appRoute.addChildren([
    homeRoute,
    createRoute({ getParentRoute: () => appRoute, path: '/tickets', component: () => <RequireTicketsRead><TicketQueuePage /></RequireTicketsRead> }),
    ticketRoute,
    createRoute({ getParentRoute: () => appRoute, path: '/feedback', component: () => <RequireTicketsRead><FeedbackPage /></RequireTicketsRead> }),
    customersRoute,
    importRoute,
    duplicatesRoute,
    mergeRoute,
    contactRoute,
    companiesRoute,
    companyRoute,
    accountsRoute,
    accountRoute,
    comingSoon('/activities', 'Activities'),
    comingSoon('/leads', 'Leads'),
    comingSoon('/orders', 'Orders'),
    comingSoon('/reports', 'Reports'),
    guarded('/admin/users', rights.usersRead, UsersPage),
    guarded('/admin/groups', rights.groupsRead, GroupsPage),
    guarded('/admin/units', rights.unitsRead, BusinessUnitsPage),
    guarded('/admin/api-tokens', undefined, ApiTokensPage),
    guarded('/admin/audit', rights.auditRead, AuditLogPage),
    guarded('/admin/outbox', rights.outboxRead, OutboxPage),
    guarded('/admin/mail-quarantine', rights.quarantineRead, QuarantinePage),
    guarded('/admin/jobs', rights.jobsManage, JobsPage),
    guarded('/admin/custom-fields', rights.customFieldsManage, CustomFieldsPage),
    careSettingsRoutes(appRoute),
    communicationsRoutes(appRoute),
    ...webFormsRoutes(appRoute),
  ]),
]);

export const router = createRouter({ routeTree, defaultPreload: false, scrollRestoration: true });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}

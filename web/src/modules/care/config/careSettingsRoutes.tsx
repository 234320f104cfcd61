import { createRoute, redirect, type AnyRoute } from '@tanstack/react-router';
import { CancellationReasonsPage } from './CancellationReasonsPage';
import { CareSettingsLayout } from './CareSettingsLayout';
import { CategoriesPage } from './CategoriesPage';
import { DepartmentsPage } from './DepartmentsPage';
import { PriorityModelPage } from './PriorityModelPage';
import { StatusesPage } from './StatusesPage';
import { TicketTypePage } from './TicketTypePage';
import { TicketTypesPage } from './TicketTypesPage';

/** /admin/care/...: the customer-care settings, under the signed-in app route. */
export function careSettingsRoutes<TParent extends AnyRoute>(parent: TParent) {
  const layout = createRoute({ getParentRoute: () => parent, path: '/admin/care', component: CareSettingsLayout });
  const page = (path: string, component: () => React.ReactNode) => createRoute({ getParentRoute: () => layout, path, component });
  const typeRoute = createRoute({
    getParentRoute: () => layout,
    path: 'ticket-types/$typeId',
    component: function TicketTypeScreen() {
      const { typeId } = typeRoute.useParams();
      return <TicketTypePage key={typeId} typeId={typeId} />;
    },
  });
  return layout.addChildren([
    createRoute({
      getParentRoute: () => layout,
      path: '/',
      beforeLoad: () => {
        throw redirect({ to: '/admin/care/statuses', replace: true });
      },
    }),
    page('statuses', StatusesPage),
    page('departments', DepartmentsPage),
    page('categories', CategoriesPage),
    page('cancellation-reasons', CancellationReasonsPage),
    page('priorities', PriorityModelPage),
    page('ticket-types', TicketTypesPage),
    typeRoute,
  ]);
}

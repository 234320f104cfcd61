import { createRoute, redirect, type AnyRoute } from '@tanstack/react-router';
import { CommunicationsLayout } from './CommunicationsLayout';
import { RulesPage } from './RulesPage';
import { TemplateEditorPage } from './TemplateEditorPage';
import { TemplatesPage } from './TemplatesPage';
import type { TemplateKey } from './communicationsData';

/** /admin/communications/...: mail templates and event-based communications. */
export function communicationsRoutes<TParent extends AnyRoute>(parent: TParent) {
  const layout = createRoute({ getParentRoute: () => parent, path: '/admin/communications', component: CommunicationsLayout });
  const templateRoute = createRoute({
    getParentRoute: () => layout,
    path: 'templates/$key',
    component: function TemplateScreen() {
      const { key } = templateRoute.useParams();
      return <TemplateEditorPage key={key} templateKey={key as TemplateKey} />;
    },
  });
  return layout.addChildren([
    createRoute({
      getParentRoute: () => layout,
      path: '/',
      beforeLoad: () => {
        throw redirect({ to: '/admin/communications/templates', replace: true });
      },
    }),
    createRoute({ getParentRoute: () => layout, path: 'templates', component: TemplatesPage }),
    templateRoute,
    createRoute({ getParentRoute: () => layout, path: 'rules', component: RulesPage }),
  ]);
}

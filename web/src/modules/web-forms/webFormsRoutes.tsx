import { createRoute, type AnyRoute } from '@tanstack/react-router';
import { NoAccess } from '../../ui/States';
import { WebFormEditorPage } from './WebFormEditorPage';
import { WebFormsPage } from './WebFormsPage';
import { useCanManageWebForms, useCanReadWebForms } from './webFormsData';

function NewWebFormScreen() {
  return useCanManageWebForms() ? <WebFormEditorPage /> : <NoAccess />;
}

/** /admin/web-forms: the list, a new form, and one form's builder. */
export function webFormsRoutes<TParent extends AnyRoute>(parent: TParent) {
  const list = createRoute({ getParentRoute: () => parent, path: '/admin/web-forms', component: WebFormsPage });
  const created = createRoute({ getParentRoute: () => parent, path: '/admin/web-forms/new', component: NewWebFormScreen });
  const form = createRoute({
    getParentRoute: () => parent,
    path: '/admin/web-forms/$id',
    component: function WebFormScreen() {
      const { id } = form.useParams();
      return useCanReadWebForms() ? <WebFormEditorPage key={id} formId={id} /> : <NoAccess />;
    },
  });
  return [list, created, form] as const;
}

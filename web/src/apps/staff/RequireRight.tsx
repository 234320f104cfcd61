import type { ReactNode } from 'react';
import { NoAccess } from '../../ui/States';
import { useCan } from './session';

/** Renders the screen only for users holding `right`; others see the no-access state. */
export function RequireRight({ right, children }: { right: string; children: ReactNode }) {
  return useCan(right) ? <>{children}</> : <NoAccess />;
}

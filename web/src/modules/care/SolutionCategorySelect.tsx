import { useQuery } from '@tanstack/react-query';
import { Select } from '@mantine/core';
import { api, call } from '../../api/client';
import { careConfigKeys, useCategories, type CategoryKind, type TicketState } from './config/configData';

/**
 * The kind of solution a status change gives, as the server decides it: moving into responded is
 * a response, into a resolved state a resolution. A change within the same state gives none.
 */
export function solutionKindFor(from: TicketState, to: TicketState | undefined): CategoryKind | undefined {
  if (!to || to === from) return undefined;
  const kinds: Partial<Record<TicketState, CategoryKind>> = { responded: 'response', temporarily_resolved: 'temporary_resolution', final_resolved: 'final_resolution' };
  return kinds[to];
}

/**
 * The category of a response or resolution: the ticket type's categories of that kind (any of
 * the kind when the type lists none), marked when the customer must accept it. Empty means the
 * type's default, which the placeholder names.
 */
export function SolutionCategorySelect({ typeId, kind, value, onChange }: { typeId: string; kind: CategoryKind; value: string | null; onChange: (id: string | null) => void }) {
  const categories = useCategories();
  const type = useQuery({ queryKey: careConfigKeys.type(typeId), queryFn: () => call(api.GET('/api/v1/ticket-types/{id}', { params: { path: { id: typeId } } })), staleTime: 60_000 });
  const ofKind = categories.items.filter((category) => category.kind === kind);
  const listed = (type.data?.categories ?? []).filter((entry) => ofKind.some((category) => category.id === entry.categoryId));
  const allowed = listed.length > 0 ? ofKind.filter((category) => listed.some((entry) => entry.categoryId === category.id)) : ofKind;
  const fallback = listed.find((entry) => entry.isDefault) ?? (allowed.length === 1 ? { categoryId: allowed[0]!.id } : undefined);
  const label = (category: (typeof ofKind)[number]) => (category.requiresAcceptance ? `${category.path} (customer accepts)` : category.path);
  const defaultName = fallback ? allowed.find((category) => category.id === fallback.categoryId) : undefined;
  if (allowed.length === 0) return null;
  return (
    <Select
      label={kind === 'response' ? 'Response category' : 'Resolution category'}
      placeholder={defaultName ? `Default: ${label(defaultName)}` : 'None'}
      clearable
      value={value}
      onChange={onChange}
      data={allowed.map((category) => ({ value: category.id, label: label(category) }))}
      data-testid="solution-category"
      w={380}
    />
  );
}

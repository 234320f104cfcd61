import type { BusinessUnit } from '../../api/client';

/** What the business-unit form edits; care settings edit the same rows as departments. */
export interface UnitForm {
  name: string;
  description: string;
  email: string;
  visibleToCustomers: boolean;
  memberIds: string[];
}

type UnitFields = Pick<BusinessUnit, 'name' | 'description' | 'email' | 'visibleToCustomers' | 'memberIds'>;

/** The form for a unit, or for a new one (visible to customers, no members). */
export function unitFormOf(unit: UnitFields | null): UnitForm {
  return unit
    ? { name: unit.name, description: unit.description, email: unit.email ?? '', visibleToCustomers: unit.visibleToCustomers, memberIds: unit.memberIds }
    : { name: '', description: '', email: '', visibleToCustomers: true, memberIds: [] };
}

/** The request body: a blank email means the unit has none. */
export function unitBodyOf(form: UnitForm) {
  return { ...form, email: form.email.trim() ? form.email.trim() : null };
}

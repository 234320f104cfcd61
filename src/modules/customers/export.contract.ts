import { listAccountsQuery } from './accounts.contract.js';
import { listCompaniesQuery } from './companies.contract.js';
import { exportFormatQuery } from './import.contract.js';

/** Company and account exports take their list's filters (contacts' export query sits with the import contract). */
export const exportCompaniesQuery = listCompaniesQuery.omit({ cursor: true, limit: true }).extend(exportFormatQuery);
export const exportAccountsQuery = listAccountsQuery.omit({ cursor: true, limit: true }).extend(exportFormatQuery);

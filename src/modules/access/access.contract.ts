import { z } from 'zod';

const id = z.uuid();
const email = z.email().max(254).transform((value) => value.toLowerCase());
const password = z.string().min(10, 'must be at least 10 characters').max(200);
const rightKey = z.string().min(3).max(120).regex(/^[a-z][a-z0-9_.-]*$/, 'must be lower-case letters, digits, dots, dashes or underscores');
const timestamp = z.iso.datetime({ offset: true });

// ----- auth
export const loginBody = z.strictObject({ email, password: z.string().min(1).max(200) });
export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: password,
  endOtherSessions: z.boolean().default(true),
});
export const requestPasswordResetBody = z.strictObject({ email });
export const confirmPasswordResetBody = z.strictObject({ token: z.string().min(10).max(200), newPassword: password });

export const currentUserResponse = z.object({
  user: z.object({ id, email: z.string(), name: z.string(), isAdmin: z.boolean() }),
  rights: z.array(z.string()),
  groupIds: z.array(id),
  unitIds: z.array(id),
  csrfToken: z.string().nullable(),
});

// ----- users
export const userSchema = z.object({
  id,
  email: z.string(),
  name: z.string(),
  isAdmin: z.boolean(),
  disabled: z.boolean(),
  groupIds: z.array(id),
  unitIds: z.array(id),
  rightKeys: z.array(z.string()),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type User = z.infer<typeof userSchema>;

export const listUsersQuery = z.strictObject({
  q: z.string().max(200).optional(),
  disabled: z.enum(['true', 'false']).optional(),
});

export const createUserBody = z.strictObject({
  email,
  name: z.string().trim().min(1).max(200),
  password: password.optional(),
  isAdmin: z.boolean().default(false),
  groupIds: z.array(id).max(200).default([]),
  unitIds: z.array(id).max(200).default([]),
  rightKeys: z.array(rightKey).max(500).default([]),
});
export type CreateUserInput = z.infer<typeof createUserBody>;

export const updateUserBody = z.strictObject({
  version: z.number().int().positive().optional(),
  email: email.optional(),
  name: z.string().trim().min(1).max(200).optional(),
  isAdmin: z.boolean().optional(),
  disabled: z.boolean().optional(),
  groupIds: z.array(id).max(200).optional(),
  unitIds: z.array(id).max(200).optional(),
  rightKeys: z.array(rightKey).max(500).optional(),
});
export type UpdateUserInput = z.infer<typeof updateUserBody>;

export const resetUserPasswordBody = z.strictObject({ password: password.optional() });

// ----- groups and rights
export const groupSchema = z.object({
  id,
  name: z.string(),
  description: z.string(),
  rightKeys: z.array(z.string()),
  memberIds: z.array(id),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Group = z.infer<typeof groupSchema>;

export const createGroupBody = z.strictObject({
  name: z.string().trim().min(1).max(120),
  description: z.string().max(2000).default(''),
  rightKeys: z.array(rightKey).max(500).default([]),
  memberIds: z.array(id).max(5000).default([]),
});
export const updateGroupBody = z.strictObject({
  version: z.number().int().positive().optional(),
  name: z.string().trim().min(1).max(120).optional(),
  description: z.string().max(2000).optional(),
  rightKeys: z.array(rightKey).max(500).optional(),
  memberIds: z.array(id).max(5000).optional(),
});

export const rightSchema = z.object({
  key: z.string(),
  module: z.string(),
  label: z.string(),
  description: z.string(),
  builtIn: z.boolean(),
});
export const createRightBody = z.strictObject({
  key: rightKey,
  label: z.string().trim().min(1).max(200),
  description: z.string().max(2000).default(''),
});

// ----- business units
export const businessUnitSchema = z.object({
  id,
  name: z.string(),
  description: z.string(),
  email: z.string().nullable(),
  visibleToCustomers: z.boolean(),
  memberIds: z.array(id),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const createBusinessUnitBody = z.strictObject({
  name: z.string().trim().min(1).max(120),
  description: z.string().max(2000).default(''),
  email: z.email().max(254).nullable().default(null),
  visibleToCustomers: z.boolean().default(true),
  memberIds: z.array(id).max(5000).default([]),
});
export const updateBusinessUnitBody = z.strictObject({
  version: z.number().int().positive().optional(),
  name: z.string().trim().min(1).max(120).optional(),
  description: z.string().max(2000).optional(),
  email: z.email().max(254).nullable().optional(),
  visibleToCustomers: z.boolean().optional(),
  memberIds: z.array(id).max(5000).optional(),
});

// ----- API tokens
export const apiTokenSchema = z.object({
  id,
  userId: id,
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()).nullable(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export const createApiTokenBody = z.strictObject({
  name: z.string().trim().min(1).max(120),
  scopes: z.array(rightKey).max(500).optional(),
  expiresAt: timestamp.optional(),
});
export const createdApiTokenResponse = z.object({ token: z.string(), apiToken: apiTokenSchema });

export const idParams = z.strictObject({ id });

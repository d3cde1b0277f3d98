import { z } from 'zod';
import { ROLES } from '@/lib/auth/roles';

export const usernameSchema = z
  .string()
  .trim()
  .min(2, 'At least 2 characters')
  .max(64, 'At most 64 characters')
  .regex(
    /^[a-zA-Z0-9][a-zA-Z0-9_.@-]*$/,
    'Letters, digits, ".", "_", "-" and "@", starting with a letter or digit',
  );

export const loginSchema = z.object({
  username: z.string().min(1, 'Required').max(200),
  password: z.string().min(1, 'Required').max(1000),
  totp: z.string().max(20).optional(),
  recoveryCode: z.string().max(40).optional(),
});

export const setupSchema = z.object({
  token: z.string().min(1, 'Required').max(200),
  username: usernameSchema,
  password: z.string().min(1, 'Required').max(256),
});

export const roleSchema = z.enum(ROLES);

export interface AuthStatus {
  setupRequired: boolean;
}

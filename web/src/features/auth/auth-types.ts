// The server's list, so that useCan() refuses a name the server does not know; type-only, so
// nothing of the server reaches the bundle.
import type { Permission } from '../../../../src/platform/auth/roles.js';

export type { Permission };

export interface Grant {
  id: string;
  userId: string;
  role: string;
  scopeType: string;
  scopeId: string | null;
  scopeName: string;
  createdAt: string;
}

export interface Session {
  user: { id: string; email: string; fullName: string; organizationId: string; organizationName: string };
  grants: Grant[];
  permissions: Permission[];
}

export interface Health {
  status: 'ok';
  database: 'embedded' | 'postgresql';
  forRealTrials: boolean;
}

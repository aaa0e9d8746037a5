// A permission name, as /api/me lists them. The server's modules declare their permissions in
// their manifests (src/modules/*/*.module.ts), which this bundle does not compile; the names
// come back typed once the web client is generated from the API description (issue 9, item 5).
export type Permission = string;

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

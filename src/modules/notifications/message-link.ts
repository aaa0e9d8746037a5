/** The web app's paths of the records messages are about, as the app and its e-mails link them. */
const paths: Record<string, (id: string) => string> = {
  participant: (id) => `/participants/${id}`,
  sae_report: (id) => `/safety/reports/${id}`,
};

/** The web app's path of the record a message is about, or null for a record with no page. */
export function messageLink(entityType: string | null, entityId: string | null): string | null {
  const path = entityType ? paths[entityType] : undefined;
  return path && entityId ? path(entityId) : null;
}

/** The web app's path of the record a message is about, as the app and its e-mails link it. */
export function messageLink(entityType: string | null, entityId: string | null): string | null {
  return entityType === 'participant' && entityId ? `/participants/${entityId}` : null;
}

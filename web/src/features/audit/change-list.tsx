import { Text, VisuallyHidden } from '@mantine/core';
import { Fragment } from 'react';
import type { AuditEvent } from './audit-api';
import { shortenHash } from './audit-labels';
import classes from './change-list.module.css';

/**
 * An event's changes as the server words them, as a two-column definition list: the label, then
 * "old → new" (only the new value on creation), which wraps within its own column however long.
 */
export function ChangeList({ event }: { event: AuditEvent }) {
  if (event.readableChanges.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <dl className={classes.list}>
      {event.readableChanges.map((change) => (
        <Fragment key={change.field}>
          <dt className={classes.label}>{change.label}</dt>
          <dd className={classes.value}>
            {event.action !== 'create' && (
              <>
                <span className={classes.old}>{shortenHash(change.oldText)}</span>
                <span className={classes.arrow} aria-hidden>
                  →
                </span>
                <VisuallyHidden> changed to </VisuallyHidden>
              </>
            )}
            <span>{shortenHash(change.newText)}</span>
          </dd>
        </Fragment>
      ))}
    </dl>
  );
}

/** 'Sam Manager <sam@example.org>' as a name with the e-mail beneath it. */
export function ActorLabel({ event }: { event: Pick<AuditEvent, 'actorLabel' | 'actorName'> }) {
  const email = /<([^>]+)>$/.exec(event.actorLabel)?.[1];
  return (
    <>
      <Text size="sm">{event.actorName}</Text>
      {email && (
        <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
          {email}
        </Text>
      )}
    </>
  );
}

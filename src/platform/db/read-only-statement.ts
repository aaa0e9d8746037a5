/**
 * Words that make a SELECT or WITH statement more than a read: data-changing CTEs, row locks,
 * sequences, settings, advisory locks, notifications, SELECT … INTO.
 */
const writingWords =
  /\b(insert|update|delete|merge|truncate|into|share|lock|nextval|setval|set_config|pg_advisory\w*|pg_notify|lo_\w+|pg_terminate_backend|pg_cancel_backend)\b/i;
/** A schema-qualified function call (`pgboss.create_queue(…)`): such functions may write. */
const qualifiedCall = /\b[a-z_]\w*\.[a-z_]\w*\s*\(/i;

/**
 * Whether a statement surely only reads, judged from its text. It errs towards "no": a read
 * taken for a write merely waits (see shared-connection.ts), while a write taken for a read
 * would run inside another request's bulk transaction and share its fate.
 */
export function isReadOnlyStatement(sql: string): boolean {
  const text = sql.trim().replace(/;$/, '');
  // Several statements in one text may open or end a transaction: never a plain read.
  if (text.includes(';')) return false;
  if (!/^(select|with)\b/i.test(text)) return false;
  return !writingWords.test(text) && !qualifiedCall.test(text);
}

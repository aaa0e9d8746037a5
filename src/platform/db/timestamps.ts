/** Row timestamps as ISO strings for API responses. */
export function iso(value: Date | string): string {
  return new Date(value).toISOString();
}

/** An enum value with the words and badge colour a person sees for it. */
export interface EnumOption<T extends string> {
  value: T;
  label: string;
  color: string;
}

export function labelOf<T extends string>(options: readonly EnumOption<T>[], value: T | null | undefined): string {
  if (!value) return '—';
  return options.find((option) => option.value === value)?.label ?? humanize(value);
}

export function colorOf<T extends string>(options: readonly EnumOption<T>[], value: T): string {
  return options.find((option) => option.value === value)?.color ?? 'gray';
}

/** 'enrollment_closed' or 'activationDate' -> 'Enrollment closed' / 'Activation date'. */
export function humanize(value: string): string {
  const words = value
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Options for a NativeSelect: every value, with "All" first when the filter may be empty. */
export function selectData<T extends string>(options: readonly EnumOption<T>[], emptyLabel?: string) {
  const data = options.map(({ value, label }) => ({ value, label }));
  return emptyLabel ? [{ value: '', label: emptyLabel }, ...data] : data;
}

/** A REDCap text validation type as ODM sees it: the data type, and what its min and max look like. */
export interface RedcapValidation {
  name: string;
  dataType: string;
  significantDigits: number | null;
  /** Min/max are allowed only for dates, times and numbers; null: none. */
  range: RegExp | null;
  rangeFormat: string;
}

// REDCap also accepts "today" and "now" as a date's min or max: stored as written, for edit checks to read.
const relative = '|today|now';
const date = new RegExp(`^(\\d{4}-\\d{2}-\\d{2}${relative})$`);
const dateTime = new RegExp(`^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}${relative})$`);
const dateTimeSeconds = new RegExp(`^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}${relative})$`);
const number = /^-?\d+(\.\d+)?$/;
const commaNumber = /^-?\d+(,\d+)?$/;

const types: Record<string, Omit<RedcapValidation, 'name'>> = {};
const define = (names: string[], dataType: string, range: RegExp | null, rangeFormat: string, significantDigits: number | null = null) => {
  for (const name of names) types[name] = { dataType, range, rangeFormat, significantDigits };
};

// The mapping REDCap's own ODM export uses: dates are ODM dates whatever their display order;
// a date-time without seconds is a partialDatetime (ODM's datetime needs the seconds); number_Ndp
// keeps N decimals as SignificantDigits. Min and max are written year first in the dictionary.
define(['date_ymd', 'date_mdy', 'date_dmy'], 'date', date, 'YYYY-MM-DD, today or now');
define(['datetime_ymd', 'datetime_mdy', 'datetime_dmy'], 'partialDatetime', dateTime, 'YYYY-MM-DD HH:MM, today or now');
define(['datetime_seconds_ymd', 'datetime_seconds_mdy', 'datetime_seconds_dmy'], 'datetime', dateTimeSeconds, 'YYYY-MM-DD HH:MM:SS');
define(['time'], 'partialTime', /^\d{2}:\d{2}$/, 'HH:MM');
define(['time_hh_mm_ss'], 'time', /^\d{2}:\d{2}:\d{2}$/, 'HH:MM:SS');
define(['time_mm_ss'], 'text', /^\d{2}:\d{2}$/, 'MM:SS');
define(['integer', 'int'], 'integer', /^-?\d+$/, 'a whole number');
define(['number', 'float'], 'float', number, 'a number');
for (const digits of [1, 2, 3, 4]) {
  define([`number_${digits}dp`], 'float', number, 'a number', digits);
  define([`number_${digits}dp_comma_decimal`], 'float', commaNumber, 'a number with a decimal comma', digits);
}
define(['number_comma_decimal'], 'float', commaNumber, 'a number with a decimal comma');

/**
 * The validation type named, or undefined. Types without a range (email, phone, zipcode,
 * alpha_only, mrn_…, and the custom ones a REDCap server may add) are text.
 */
export function redcapValidation(name: string): RedcapValidation | undefined {
  const known = types[name];
  if (known) return { name, ...known };
  if (!/^[a-z][a-z0-9_]*$/.test(name)) return undefined;
  return { name, dataType: 'text', significantDigits: null, range: null, rangeFormat: '' };
}

/** Types for `parse-address` (a port of Perl's Geo::StreetAddress::US), which ships none. */
declare module 'parse-address' {
  export interface TParsedLocation {
    number?: string;
    prefix?: string;
    street?: string;
    type?: string;
    suffix?: string;
    sec_unit_type?: string;
    sec_unit_num?: string;
    city?: string;
    state?: string;
    zip?: string;
    plus4?: string;
  }
  export function parseLocation(address: string): TParsedLocation | null;
  const parser: { parseLocation: typeof parseLocation };
  export default parser;
}

/**
 * A recipient's time zone from their US state and ZIP, for quiet hours. One zone per state,
 * plus the split states' exceptions by 3-digit ZIP prefix where a prefix falls (almost) wholly
 * in the other zone. It is deliberately coarse: a county that splits a prefix keeps the state's
 * zone, and the caller falls back to the organisation's zone when nothing is known.
 * Sources: the IANA tz database zone comments and USPS ZIP prefix areas.
 */
const STATE_ZONES: Readonly<Record<string, string>> = {
  AL: 'America/Chicago', AK: 'America/Anchorage', AZ: 'America/Phoenix', AR: 'America/Chicago', CA: 'America/Los_Angeles',
  CO: 'America/Denver', CT: 'America/New_York', DE: 'America/New_York', DC: 'America/New_York', FL: 'America/New_York',
  GA: 'America/New_York', HI: 'Pacific/Honolulu', ID: 'America/Boise', IL: 'America/Chicago', IN: 'America/Indiana/Indianapolis',
  IA: 'America/Chicago', KS: 'America/Chicago', KY: 'America/New_York', LA: 'America/Chicago', ME: 'America/New_York',
  MD: 'America/New_York', MA: 'America/New_York', MI: 'America/Detroit', MN: 'America/Chicago', MS: 'America/Chicago',
  MO: 'America/Chicago', MT: 'America/Denver', NE: 'America/Chicago', NV: 'America/Los_Angeles', NH: 'America/New_York',
  NJ: 'America/New_York', NM: 'America/Denver', NY: 'America/New_York', NC: 'America/New_York', ND: 'America/Chicago',
  OH: 'America/New_York', OK: 'America/Chicago', OR: 'America/Los_Angeles', PA: 'America/New_York', RI: 'America/New_York',
  SC: 'America/New_York', SD: 'America/Chicago', TN: 'America/Chicago', TX: 'America/Chicago', UT: 'America/Denver',
  VT: 'America/New_York', VA: 'America/New_York', WA: 'America/Los_Angeles', WV: 'America/New_York', WI: 'America/Chicago',
  WY: 'America/Denver', PR: 'America/Puerto_Rico', VI: 'America/St_Thomas', GU: 'Pacific/Guam', AS: 'Pacific/Pago_Pago',
  MP: 'Pacific/Saipan',
};

/** Per split state, 3-digit ZIP prefixes that sit in another zone than the state's default. */
const ZIP_PREFIX_ZONES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // El Paso and Hudspeth counties keep Mountain time.
  TX: { '798': 'America/Denver', '799': 'America/Denver', '885': 'America/Denver' },
  // The western panhandle (Pensacola, Panama City) is Central.
  FL: { '324': 'America/Chicago', '325': 'America/Chicago' },
  // East Tennessee (Chattanooga, Knoxville, Tri-Cities) is Eastern.
  TN: { '373': 'America/New_York', '374': 'America/New_York', '376': 'America/New_York', '377': 'America/New_York', '378': 'America/New_York', '379': 'America/New_York' },
  // The western half (Paducah, Bowling Green, Owensboro) is Central.
  KY: { '420': 'America/Chicago', '421': 'America/Chicago', '422': 'America/Chicago', '423': 'America/Chicago', '424': 'America/Chicago' },
  // The Chicago suburbs (Gary) and the Evansville corner are Central.
  IN: { '463': 'America/Chicago', '464': 'America/Chicago', '476': 'America/Chicago', '477': 'America/Chicago' },
  // The Upper Peninsula counties on the Wisconsin border are Central.
  MI: { '498': 'America/Menominee', '499': 'America/Menominee' },
  // The western parts of the plains states are Mountain.
  NE: { '690': 'America/Denver', '691': 'America/Denver', '692': 'America/Denver', '693': 'America/Denver' },
  SD: { '577': 'America/Denver' },
  ND: { '586': 'America/Denver' },
  KS: { '677': 'America/Denver' },
  // The Idaho panhandle is Pacific; Oregon's Malheur County is Mountain.
  ID: { '835': 'America/Los_Angeles', '838': 'America/Los_Angeles' },
  OR: { '979': 'America/Boise' },
};

/**
 * The IANA zone for a US state (two letters) and ZIP, or null when the state is unknown.
 * The ZIP refines split states only; a ZIP without a state is not trusted on its own.
 */
export function timeZoneForUsLocation(state: string | null | undefined, zip?: string | null): string | null {
  const code = state?.trim().toUpperCase() ?? '';
  const stateZone = STATE_ZONES[code];
  if (!stateZone) return null;
  const prefix = zip?.trim().slice(0, 3) ?? '';
  return ZIP_PREFIX_ZONES[code]?.[prefix] ?? stateZone;
}

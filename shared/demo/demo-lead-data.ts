import type { TLeadSource, TPropertyType } from '../leads/lead.constants.ts';

/** Word lists the demo lead generator draws from: Texas names, streets, ZIP codes, area codes and motivated-seller stories. */

export const FIRST_NAMES = [
  'Maria', 'James', 'Linda', 'Robert', 'Patricia', 'Michael', 'Barbara', 'David', 'Elizabeth', 'William', 'Jennifer', 'Richard',
  'Guadalupe', 'Jose', 'Rosa', 'Juan', 'Carmen', 'Luis', 'Yolanda', 'Carlos', 'Alicia', 'Ramon', 'Irma', 'Hector',
  'Dorothy', 'Charles', 'Shirley', 'Thomas', 'Betty', 'Kenneth', 'Gloria', 'Donald', 'Brenda', 'Larry', 'Denise', 'Gary',
  'Tamika', 'Darnell', 'Keisha', 'Marcus', 'LaToya', 'Andre', 'Minh', 'Thanh', 'Huong', 'Tuan', 'Priya', 'Raj',
  'Bobby', 'Peggy', 'Wayne', 'Tammy', 'Dale', 'Debra', 'Earl', 'Connie', 'Floyd', 'Wanda', 'Curtis', 'Gail',
] as const;

export const LAST_NAMES = [
  'Garcia', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Rodriguez', 'Perez', 'Sanchez', 'Ramirez', 'Flores', 'Torres', 'Rivera',
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore',
  'Jackson', 'White', 'Harris', 'Martin', 'Thompson', 'Robinson', 'Lewis', 'Walker', 'Hall', 'Allen', 'Young', 'King',
  'Nguyen', 'Tran', 'Le', 'Pham', 'Patel', 'Shah', 'Washington', 'Jefferson', 'Coleman', 'Bryant', 'Price', 'Reed',
  'Kowalski', 'Schmidt', 'Weber', 'Becker', "O'Brien", 'Sullivan', 'McAllister', 'Dupree', 'Villarreal', 'Cavazos', 'Zamora', 'Treviño',
] as const;

export interface TDemoCity {
  city: string;
  zips: readonly string[];
  areaCodes: readonly string[];
  /** Typical single-family value range, dollars. */
  values: readonly [number, number];
  streets: readonly string[];
}

export const CITIES: readonly TDemoCity[] = [
  {
    city: 'Austin',
    zips: ['78702', '78704', '78721', '78723', '78741', '78744', '78745', '78748', '78753', '78758'],
    areaCodes: ['512', '737'],
    values: [260_000, 520_000],
    streets: ['Oak Hollow Dr', 'Manor Rd', 'Cesar Chavez St', 'Riverside Dr', 'Burleson Rd', 'Slaughter Ln', 'Rundberg Ln', 'Cameron Rd', 'Pleasant Valley Rd', 'Menchaca Rd', 'Webberville Rd', 'Springdale Rd'],
  },
  {
    city: 'San Antonio',
    zips: ['78201', '78207', '78210', '78211', '78214', '78219', '78220', '78223', '78227', '78228'],
    areaCodes: ['210', '726'],
    values: [140_000, 310_000],
    streets: ['Mission Rd', 'Culebra Rd', 'Zarzamora St', 'Pleasanton Rd', 'Commerce St', 'Military Dr', 'Bandera Rd', 'Fredericksburg Rd', 'Goliad Rd', 'Roosevelt Ave', 'Nogalitos St', 'Rigsby Ave'],
  },
  {
    city: 'Houston',
    zips: ['77004', '77016', '77020', '77021', '77026', '77028', '77033', '77051', '77087', '77093'],
    areaCodes: ['713', '832', '281', '346'],
    values: [150_000, 360_000],
    streets: ['Lyons Ave', 'Cullen Blvd', 'Scott St', 'Telephone Rd', 'Jensen Dr', 'Homestead Rd', 'Bellfort Ave', 'Airline Dr', 'Crosstimbers St', 'Hirsch Rd', 'Wayside Dr', 'Mesa Dr'],
  },
  {
    city: 'Dallas',
    zips: ['75203', '75208', '75211', '75215', '75216', '75217', '75224', '75227', '75228', '75241'],
    areaCodes: ['214', '469', '972'],
    values: [160_000, 380_000],
    streets: ['Bonnie View Rd', 'Lancaster Rd', 'Jefferson Blvd', 'Buckner Blvd', 'Ledbetter Dr', 'Illinois Ave', 'Singleton Blvd', 'Kiest Blvd', 'Ferguson Rd', 'Great Trinity Forest Way', 'Davis St', 'Military Pkwy'],
  },
];

/** Source weights: direct mail and cold calling feed most wholesalers. */
export const SOURCE_WEIGHTS: readonly [TLeadSource, number][] = [
  ['direct_mail', 22],
  ['cold_calling', 18],
  ['sms_marketing', 14],
  ['ppc', 8],
  ['seo', 6],
  ['driving_for_dollars', 8],
  ['referral', 6],
  ['bandit_signs', 4],
  ['list_import', 6],
  ['website', 4],
  ['inbound_sms', 2],
  ['inbound_call', 2],
  ['other', 1],
];

export const PROPERTY_TYPE_WEIGHTS: readonly [TPropertyType, number][] = [
  ['single_family', 62],
  ['multi_family', 10],
  ['townhouse', 7],
  ['condo', 6],
  ['mobile_home', 6],
  ['land', 6],
  ['commercial', 3],
];

/** A reason to sell: its tags, the story in the lead's notes, what people learn on calls, and an AI-style summary. */
export interface TMotivation {
  key: string;
  tags: readonly string[];
  stories: readonly string[];
  callNotes: readonly string[];
  summary: string;
}

export const MOTIVATIONS: readonly TMotivation[] = [
  {
    key: 'probate',
    tags: ['probate', 'inherited'],
    stories: [
      'Owner passed away last year; the estate is in probate. {heir} is the executor and lives out of state — wants a quick cash sale so the siblings can split the proceeds.',
      'Inherited from {heir_relation}. Probate opened in {county} County; the heirs do not want to put money into repairs.',
    ],
    callNotes: ['Executor confirmed letters testamentary are issued; all three siblings agree to sell.', 'Probate attorney is handling paperwork; hearing is next month. House still full of furniture.'],
    summary: 'Probate sale: heirs out of town want a fast, as-is cash close.',
  },
  {
    key: 'divorce',
    tags: ['divorce'],
    stories: [
      'Going through a divorce; both spouses are on title and the decree requires the house to be sold. Wants it done without showings.',
      'Divorce finalized in the spring — the court ordered a sale. Ex-spouse moved out, owner cannot afford the payment alone.',
    ],
    callNotes: ['Both owners will sign; they communicate through their attorneys.', 'Needs to close before the mediation deadline. Price matters less than speed.'],
    summary: 'Divorce: court-ordered sale, both owners must sign, speed over price.',
  },
  {
    key: 'pre-foreclosure',
    tags: ['pre-foreclosure', 'behind on payments'],
    stories: [
      'Behind on payments — about {months} months — after a job loss. Received a notice of default; foreclosure sale is set for the first Tuesday of next month.',
      'Fell behind on the mortgage after medical bills piled up. Lender will not modify the loan; wants to walk away with something instead of a foreclosure on the record.',
    ],
    callNotes: ['Reinstatement quote is about $18k; owes roughly $142k on the note.', 'Trustee sale is scheduled; needs a title company that can close in under three weeks.'],
    summary: 'Pre-foreclosure: behind on payments, sale date set, needs a quick close.',
  },
  {
    key: 'tired-landlord',
    tags: ['tired landlord', 'absentee owner'],
    stories: [
      'Tired landlord with {units} rentals; this one has a tenant who has not paid in three months. Owner lives in {other_city} and is done managing from afar.',
      'Long-time landlord ready to retire. Current tenants are month to month; the property needs a new roof and the owner does not want another round of repairs.',
    ],
    callNotes: ['Tenant pays $1,150 but is two months behind; owner would sell with the tenant in place.', 'Owner has two more rentals he might sell if this goes smoothly.'],
    summary: 'Tired landlord: problem tenant, deferred repairs, would sell occupied.',
  },
  {
    key: 'vacant',
    tags: ['vacant', 'absentee owner'],
    stories: [
      'House has been vacant for over a year; neighbors report squatters. Owner moved to {other_city} and is paying taxes and insurance on an empty house.',
      'Vacant since the last tenant left. Yard is overgrown and the city sent a notice; owner just wants it gone.',
    ],
    callNotes: ['Utilities are off; lockbox on the back door. Owner will send the code.', 'Copper was stolen from the AC unit; owner is frustrated and motivated.'],
    summary: 'Vacant and absentee: carrying costs with no income, eager to sell as-is.',
  },
  {
    key: 'code-violations',
    tags: ['code violations'],
    stories: [
      'City code enforcement cited the property for a failing foundation and an unpermitted addition; fines keep adding up.',
      'Several open code violations (roof, fence, junk vehicles). Owner cannot afford to fix them and the liens are growing.',
    ],
    callNotes: ['Code liens total about $9,400; owner has the notices and will send photos.', 'Inspector gave 60 days to bring the roof up to code.'],
    summary: 'Code violations: mounting fines and liens, repairs beyond the owner’s budget.',
  },
  {
    key: 'tax-delinquent',
    tags: ['tax delinquent'],
    stories: ['Three years behind on property taxes; the county has filed suit. Owner is elderly and on a fixed income.', 'Tax delinquent — the appraisal district shows about $14k due with penalties.'],
    callNotes: ['Tax suit filed; sale could be scheduled within months.', 'Owner wants enough left over to move in with her daughter.'],
    summary: 'Tax delinquent: county suit filed, owner on a fixed income.',
  },
  {
    key: 'relocation',
    tags: ['relocating'],
    stories: ['Relocating to {other_city} for a new job in six weeks. Does not want to carry two payments or deal with listing.', 'Military PCS orders — moving out of state next month and wants a clean, certain close.'],
    callNotes: ['Start date is fixed; would take a lower price for a 21-day close.', 'Spouse already moved; house is partly empty.'],
    summary: 'Relocation: fixed move date, wants certainty and a short close.',
  },
  {
    key: 'fire-damage',
    tags: ['fire damage'],
    stories: ['Kitchen fire last winter; insurance paid out but the owner never rebuilt. House is boarded up.', 'Fire damage in the back half of the house. Owner is living with family and does not want to manage a rebuild.'],
    callNotes: ['Insurance claim is closed; owner has the adjuster’s report.', 'Smoke damage throughout; electrical needs to be redone.'],
    summary: 'Fire damage: uninhabitable, owner will not rebuild, as-is sale.',
  },
  {
    key: 'downsizing',
    tags: ['downsizing', 'high equity'],
    stories: ['Empty nesters downsizing to a condo; house is paid off but dated — original kitchen and baths from the 80s.', 'Owner in her late seventies moving to assisted living; family wants a simple sale without repairs.'],
    callNotes: ['Free and clear; no mortgage. Flexible on closing date.', 'Son has power of attorney and is handling the sale.'],
    summary: 'Downsizing: free and clear, dated house, flexible timeline.',
  },
];

export const HEIRS = ['the son', 'the daughter', 'a nephew', 'the eldest daughter', 'a grandson'] as const;
export const HEIR_RELATIONS = ['his mother', 'her father', 'an aunt', 'her grandparents', 'his late wife'] as const;
export const COUNTIES: Record<string, string> = { Austin: 'Travis', 'San Antonio': 'Bexar', Houston: 'Harris', Dallas: 'Dallas' };
export const OTHER_CITIES = ['Denver', 'Phoenix', 'Oklahoma City', 'El Paso', 'Lubbock', 'Atlanta', 'Nashville', 'Corpus Christi'] as const;

export const CONDITIONS = [
  'Needs a full rehab: roof, HVAC and foundation work.',
  'Roof is about 20 years old; AC went out last summer.',
  'Original kitchen and baths; otherwise solid.',
  'Foundation issues — doors sticking, cracks in the brick.',
  'Light cosmetic work: paint, flooring, fixtures.',
  'Water damage in one bathroom; sub-floor soft.',
  'Plumbing is cast iron and needs replacing.',
] as const;

export const LOST_REASONS = [
  'Listed with an agent',
  'Sold to another investor',
  'Decided to keep the property',
  'Wants retail price; too far apart',
  'No response after six attempts',
  'Refinanced and caught up on payments',
  'Family member is moving in',
] as const;

export const FOLLOW_UP_TITLES = [
  'Call back about price',
  'Send written offer',
  'Confirm walkthrough time',
  'Check on probate paperwork',
  'Text a reminder about tomorrow’s appointment',
  'Ask about the tenant’s move-out date',
  'Get photos of the roof',
  'Follow up on the payoff statement',
  'Send comps to the seller',
  'Check title commitment',
] as const;

export const OUTBOUND_SMS = [
  'Hi {first}, this is {rep} with Lone Star Home Buyers. Are you still thinking about selling {street}?',
  'Hi {first}, following up on our call — I can have a cash offer to you by tomorrow. Does 10am work to see the house?',
  '{first}, just checking in. Any questions about the offer? We can close on your timeline.',
  'Thanks {first}! Confirming our walkthrough at {street} tomorrow.',
] as const;

export const INBOUND_SMS = [
  'Yes I might be. What would you offer?',
  'Call me after 5, I am at work.',
  'How fast can you close?',
  'We need to talk to my brother first.',
  'Ok sounds good.',
  'Is this a cash offer? No repairs?',
  'Can you do a little better on the price?',
] as const;

/**
 * Motivation tags the rules recognise in seller notes and texts, each with the phrases that
 * signal it. Patterns are matched on lower-cased text with word boundaries; a match preceded
 * closely by a negation ("not in probate", "no code violations") does not count. Tag names are
 * the spelling people already use on leads (lower case, spaces).
 */
export interface TTagRule {
  tag: string;
  patterns: readonly RegExp[];
  /** Points toward the motivation factor of qualification (0–35). */
  weight: number;
}

export const TAG_RULES: readonly TTagRule[] = [
  { tag: 'probate', weight: 30, patterns: [/\bprobate\b/, /\bexecut(?:or|rix)\b/, /\bletters testamentary\b/, /\b(?:the )?estate (?:is|sale|attorney|of)\b/, /\bheirs?\b.*\b(?:sell|split)\b/] },
  {
    tag: 'inherited',
    weight: 25,
    patterns: [/\binherit(?:ed|ing)?\b/, /\b(?:mom|mother|dad|father|aunt|uncle|grandm\w*|grandp\w*|grandparents|parents?) (?:passed|died)\b/, /\bpassed away\b/, /\bleft (?:me |us )?the house\b/, /\bheirs?\b/],
  },
  { tag: 'divorce', weight: 30, patterns: [/\bdivorc(?:e|ed|ing)\b/, /\bex[- ](?:wife|husband|spouse)\b/, /\bseparat(?:ed|ion)\b/, /\bdecree\b/] },
  {
    tag: 'pre-foreclosure',
    weight: 35,
    patterns: [/\bforeclos(?:e|ure|ing)\b/, /\bnotice of default\b/, /\btrustee sale\b/, /\bauction date\b/, /\bbank is taking\b/, /\breinstatement\b/, /\blis pendens\b/],
  },
  {
    tag: 'behind on payments',
    weight: 30,
    patterns: [
      /\bbehind (?:on|with) (?:the |my |our )?(?:mortgage|payments?|the note|house payments?)\b/,
      /\b(?:missed|missing) (?:\w+ )?(?:mortgage |house )?payments?\b/,
      /\bfell behind\b/,
      /\bcan(?:no|')?t (?:afford|make) (?:the |my |our )?(?:mortgage|payments?|note)\b/,
      /\bmonths? behind\b/,
      /\bbehind (?:about |roughly )?\w+ months\b/,
    ],
  },
  {
    tag: 'tax delinquent',
    weight: 30,
    patterns: [/\bbehind on (?:the |my |property )?taxes\b/, /\btax(?:es)? (?:delinquen\w*|lien|suit|sale|foreclosure)\b/, /\bdelinquent (?:property )?taxes\b/, /\b(?:owes?|owe) (?:back )?taxes\b/, /\bback taxes\b/, /\bunpaid (?:property )?taxes\b/],
  },
  {
    tag: 'tired landlord',
    weight: 22,
    patterns: [/\btired landlord\b/, /\b(?:bad|problem|nonpaying|non-paying) tenants?\b/, /\btenants? (?:has|have|hasn't|haven't)(?: not)? (?:paid|trashed|destroyed)\b/, /\bdone (?:being a landlord|managing|with (?:renting|tenants|landlording))\b/, /\bevict(?:ion|ed|ing)?\b/, /\btired of (?:renting|tenants|being a landlord|managing)\b/],
  },
  { tag: 'vacant', weight: 22, patterns: [/\bvacant\b/, /\b(?:sitting|been|is|house's|house is) empty\b/, /\bnobody (?:lives|living) (?:there|in it)\b/, /\bsat empty\b/, /\bsquatters?\b/, /\bboarded(?: up)?\b/, /\butilities (?:are )?(?:off|shut off)\b/] },
  {
    tag: 'relocating',
    weight: 25,
    patterns: [/\breloca(?:te|ting|tion)\b/, /\bpcs orders?\b/, /\bnew job in\b/, /\bmoving (?:out of state|across the country|to (?:[a-z]+ ?){1,2}(?:for|next|in)\b)/, /\btransferr?(?:ed|ing) to\b/, /\bjob (?:transfer|offer) in\b/],
  },
  { tag: 'code violations', weight: 25, patterns: [/\bcode (?:violations?|enforcement|compliance)\b/, /\bcited (?:by|for)\b/, /\bcity (?:fines?|liens?|sent a notice|citation)\b/, /\bcondemn(?:ed)?\b/, /\b(?:code )?liens? from the city\b/] },
  { tag: 'fire damage', weight: 25, patterns: [/\bfire\b/, /\bsmoke damage\b/, /\bburn(?:ed|t) (?:down|out)\b/] },
  { tag: 'water damage', weight: 20, patterns: [/\bwater damage\b/, /\bflood(?:ed|ing)?\b/, /\b(?:pipes? burst|burst pipes?)\b/, /\bmold\b/, /\broof leaks?\b/, /\bleak(?:ing|s)? roof\b/, /\bsub-?floor (?:is )?soft\b/] },
  { tag: 'downsizing', weight: 18, patterns: [/\bdownsiz(?:e|ing)\b/, /\bempty nesters?\b/, /\bassisted living\b/, /\bnursing home\b/, /\btoo (?:big|much house)\b/, /\bretirement community\b/] },
  {
    tag: 'absentee owner',
    weight: 12,
    patterns: [/\blives? (?:out of state|in (?:another state|[a-z]+(?: [a-z]+)?,? (?:and|now)))\b/, /\bout[- ]of[- ]state (?:owner|landlord)\b/, /\bmoved to (?:[a-z]+(?: [a-z]+)?)\b/, /\bmanaging from afar\b/, /\bowner lives in\b/, /\bbut (?:i |we |they |she |he )?lives? in\b/, /\blive[sd]? out of state\b/],
  },
  { tag: 'high equity', weight: 10, patterns: [/\bfree and clear\b/, /\bpaid off\b/, /\bno mortgage\b/, /\bowns? it outright\b/] },
];

/** Tags the rules may write as `auto_tags`. */
export const AUTO_TAGS: readonly string[] = TAG_RULES.map((rule) => rule.tag);

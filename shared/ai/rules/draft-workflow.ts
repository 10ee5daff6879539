import { END, type TCondition, type TStep, type TTrigger, type TWorkflowDefinitionInput } from '../../automation/workflow.schemas.ts';
import { LEAD_SOURCES, LEAD_STATUSES } from '../../leads/lead.constants.ts';
import { AUTO_TAGS } from './motivation-tags.ts';

/**
 * A plain-language goal → a draft workflow, by rules: the trigger from "when …" phrases, trigger
 * conditions (source, motivation tag, property value), then the steps in the order the goal
 * names them — texts, emails, waits, "if no reply" branches, reminders, follow-ups, assignment,
 * tags, status changes, deal blasts. Unknown phrases are ignored; `matched` lists what was read.
 */
export interface TWorkflowDraft {
  definition: TWorkflowDefinitionInput;
  explanation: string[];
  matched: string[];
}

const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, ten: 10, fifteen: 15, thirty: 30 };
const num = (word: string) => NUMBER_WORDS[word] ?? Number(word);
const DURATION = /\b(\d+|a|an|one|two|three|four|five|six|seven|ten|fifteen|thirty) (minute|hour|day|week)s?\b/;

function readTrigger(goal: string, matched: string[]): { trigger: TTrigger; dealTrigger: boolean } | null {
  const conditions = readConditions(goal, matched);
  if (/\bmissed call|\bmisses? (?:a|their) call|\bcall (?:is|goes) (?:missed|unanswered)/.test(goal)) {
    matched.push('trigger:missed_call');
    return { trigger: { type: 'communication_received', channel: 'call', missed_call_only: true, conditions }, dealTrigger: false };
  }
  const deal = /\bdeal (?:is |gets |goes |moves )?(?:to |into )?(marketing|assigned|closed|cancell?ed)\b|\b(?:when|once) (?:a )?deal (?:is )?(?:put )?(?:on the market|under contract)/.exec(goal);
  if (deal) {
    const to = deal[1] === 'cancelled' || deal[1] === 'canceled' ? 'cancelled' : ((deal[1] as 'marketing' | 'assigned' | 'closed' | undefined) ?? 'marketing');
    matched.push(`trigger:deal_status_changed:${to}`);
    return { trigger: { type: 'deal_status_changed', from: null, to, conditions }, dealTrigger: true };
  }
  const status = new RegExp(`\\b(?:becomes|is marked(?: as)?|marked(?: as)?|moves? to|changes? to|goes to|is) (${LEAD_STATUSES.join('|').replace('_', '[_ ]')})\\b`).exec(goal);
  if (status?.[1] && /\blead|\bseller|\bthey|\bit\b/.test(goal)) {
    const to = status[1].replace(' ', '_') as (typeof LEAD_STATUSES)[number];
    matched.push(`trigger:lead_status_changed:${to}`);
    return { trigger: { type: 'lead_status_changed', from: null, to, conditions }, dealTrigger: false };
  }
  if (/\bfollow[- ]?ups? (?:is |are |becomes? )?overdue|\boverdue follow/.test(goal)) {
    matched.push('trigger:follow_up_overdue');
    return { trigger: { type: 'follow_up_overdue', conditions }, dealTrigger: false };
  }
  const schedule = /\bevery (day|morning|weekday|monday|tuesday|wednesday|thursday|friday|week)\b/.exec(goal);
  if (schedule?.[1]) {
    const days: Record<string, string> = { day: '*', morning: '*', weekday: '1-5', monday: '1', tuesday: '2', wednesday: '3', thursday: '4', friday: '5', week: '1' };
    matched.push(`trigger:scheduled:${schedule[1]}`);
    return { trigger: { type: 'scheduled', cron: `0 9 * * ${days[schedule[1]] ?? '*'}`, time_zone: 'America/Chicago', per_lead: true, max_leads: 500, conditions }, dealTrigger: false };
  }
  if (/\b(?:when|whenever|if|once) (?:a |the )?(?:seller|lead|they|someone) (?:texts?|replies|responds|sends? (?:us )?a (?:text|message))/.test(goal)) {
    matched.push('trigger:communication_received:sms');
    return { trigger: { type: 'communication_received', channel: 'sms', missed_call_only: false, conditions }, dealTrigger: false };
  }
  if (/\bnew (?:\w+ )?leads?\b|\blead (?:comes in|is created|arrives|is added|signs up)|\bleads? come in|\bnew sellers?\b|\bwhen (?:a |someone )?(?:fills|submits)/.test(goal)) {
    matched.push('trigger:lead_created');
    return { trigger: { type: 'lead_created', conditions }, dealTrigger: false };
  }
  return null;
}

function readConditions(goal: string, matched: string[]): TCondition[] {
  const conditions: TCondition[] = [];
  const sources = LEAD_SOURCES.filter((source) => goal.includes(source.replace(/_/g, ' ')) || (source === 'ppc' && /\bppc\b|\bgoogle ads\b/.test(goal)));
  if (sources.length) {
    conditions.push({ kind: 'source', operator: 'in', values: sources });
    matched.push(`condition:source:${sources.join(',')}`);
  }
  const tag = AUTO_TAGS.find((candidate) => new RegExp(`\\b${candidate}\\b`).test(goal));
  if (tag) {
    conditions.push({ kind: 'tag', operator: 'has', tag });
    matched.push(`condition:tag:${tag}`);
  }
  const value = /\b(?:worth|valued?|value|arv|over|above|at least)\s+(?:over |above |more than |at least )?\$?\s?(\d+(?:\.\d+)?)\s?(k|m)?\b/.exec(goal);
  if (value?.[1] && (value[2] || Number(value[1]) >= 1000)) {
    const amount = Number(value[1]) * (value[2] === 'k' ? 1000 : value[2] === 'm' ? 1_000_000 : 1);
    conditions.push({ kind: 'value', operator: 'gte', value: amount });
    matched.push(`condition:value>=${amount}`);
  }
  return conditions;
}

type TPlan = { kind: 'sms' | 'email' | 'delay' | 'no_reply' | 'notify' | 'follow_up' | 'assign' | 'tag' | 'status' | 'blast'; at: number; detail?: string; amount?: number; unit?: 'minutes' | 'hours' | 'days' };

function readSteps(goal: string): TPlan[] {
  const plans: TPlan[] = [];
  const find = (pattern: RegExp, make: (match: RegExpExecArray) => TPlan | null) => {
    const global = new RegExp(pattern.source, 'g');
    for (let match = global.exec(goal); match; match = global.exec(goal)) {
      const plan = make(match);
      if (plan) plans.push(plan);
    }
  };
  // "text them" is ours to send; "when a seller texts" is the trigger.
  find(/\b(?:text|sms|send (?:them |the (?:lead|seller) )?an? (?:text|sms|message)|message them)\b/, (match) =>
    /\b(?:seller|lead|they|someone|he|she|who) $/.test(goal.slice(Math.max(0, match.index - 10), match.index)) || /^texts?[- ]back\b/.test(goal.slice(match.index)) && /missed/.test(goal) ? null : { kind: 'sms', at: match.index },
  );
  find(/\bemail (?:them|the (?:lead|seller))|\bsend (?:them |the (?:lead|seller) )?an? email\b/, (match) => ({ kind: 'email', at: match.index }));
  find(new RegExp(`\\b(?:wait|after|then after|if .{0,30}after|in) ${DURATION.source}`), (match) => {
    const amount = num(match[1] ?? '1');
    const unit = match[2] === 'week' ? 'days' : (`${match[2] ?? 'day'}s` as 'minutes' | 'hours' | 'days');
    return { kind: 'delay', at: match.index, amount: match[2] === 'week' ? amount * 7 : amount, unit };
  });
  find(new RegExp(`${DURATION.source} later`), (match) => ({ kind: 'delay', at: match.index, amount: match[2] === 'week' ? num(match[1] ?? '1') * 7 : num(match[1] ?? '1'), unit: match[2] === 'week' ? 'days' : (`${match[2] ?? 'day'}s` as 'minutes' | 'hours' | 'days') }));
  find(/\bnext day\b|\btomorrow\b/, (match) => ({ kind: 'delay', at: match.index, amount: 1, unit: 'days' }));
  find(/\b(?:if|when) (?:they |the (?:lead|seller) )?(?:(?:do(?:es)?n'?t|did not|does not|have not|haven'?t|has not|hasn'?t) (?:reply|replied|respond|responded|answer|answered)|no (?:reply|response|answer))/, (match) => ({ kind: 'no_reply', at: match.index }));
  find(/\b(?:remind|notify|alert|tell|ping) (?:the |their |my )?(rep|assignee|agent|owner|manager|admins?|me|team)\b/, (match) => ({ kind: 'notify', at: match.index, detail: match[1] ?? 'rep' }));
  find(/\b(?:create|add|schedule|set) (?:a )?(?:follow[- ]?up|task|callback|call back)\b/, (match) => ({ kind: 'follow_up', at: match.index }));
  find(/\bassign (?:it|them|the lead|leads|new leads)?\s*(?:to (?:the )?(?:next |a )?(?:rep|reps|acquisition reps?))?|\bround[- ]robin\b/, (match) => ({ kind: 'assign', at: match.index }));
  find(/\btag (?:it|them|the lead)? ?(?:as |with )?"?([a-z][a-z -]{1,28}[a-z])"?/, (match) => ({ kind: 'tag', at: match.index, detail: (match[1] ?? '').split(/ (?:and|then|after|if|when)\b/)[0]?.trim() ?? '' }));
  find(new RegExp(`\\b(?:mark|move|set) (?:it |them |the lead )?(?:as |to )(${LEAD_STATUSES.join('|')})\\b`), (match) => ({ kind: 'status', at: match.index, detail: match[1] ?? '' }));
  find(/\bblast\b|\b(?:send|market) (?:it |the deal )?to (?:our |my |matched |the )?(?:cash )?buyers\b/, (match) => ({ kind: 'blast', at: match.index }));
  // One plan per position (a phrase read two ways keeps the first), in the goal's order.
  const seen = new Set<number>();
  const ordered = plans.sort((a, b) => a.at - b.at).filter((plan) => (seen.has(plan.at) ? false : (seen.add(plan.at), true)));
  return attachModifiers(goal, ordered);
}

const isModifier = (plan: TPlan) => plan.kind === 'delay' || plan.kind === 'no_reply';

/**
 * Waits and "if no reply" ending the goal after its last action apply before that action
 * ("remind the rep after a day if no reply" = wait a day, check for a reply, remind); within a
 * run of them the wait comes first.
 */
function attachModifiers(goal: string, plans: TPlan[]): TPlan[] {
  const clauseOf = (at: number) => (goal.slice(0, at).match(/[,;.]|\bthen\b/g) ?? []).length;
  const result: TPlan[] = [];
  let index = 0;
  while (index < plans.length) {
    const clause = clauseOf(plans[index]?.at ?? 0);
    const group: TPlan[] = [];
    while (index < plans.length && clauseOf(plans[index]?.at ?? 0) === clause) group.push(plans[index++] as TPlan);
    const lastAction = group.findLastIndex((plan) => !isModifier(plan));
    const trailing = lastAction >= 0 ? group.slice(lastAction + 1) : [];
    // Only at the very end of the goal: "…, if no reply, text again" leaves the check before the next clause's action.
    const arranged = lastAction >= 0 && trailing.length && index >= plans.length ? [...group.slice(0, lastAction), ...trailing, group[lastAction] as TPlan] : group;
    // Waits before reply checks inside each run of modifiers.
    for (let i = 0; i < arranged.length; i++) {
      let j = i;
      while (j < arranged.length && isModifier(arranged[j] as TPlan)) j++;
      if (j - i > 1) arranged.splice(i, j - i, ...arranged.slice(i, j).sort((a, b) => (a.kind === 'delay' ? 0 : 1) - (b.kind === 'delay' ? 0 : 1)));
      i = j;
    }
    result.push(...arranged);
  }
  return result;
}

const SMS_FIRST = 'Hi {{first_name|there}}, this is {{rep_first_name|the team}} with {{company_name}}. Thanks for reaching out about {{property_street|your property}} - is now a good time to talk?';
const SMS_FOLLOW = 'Hi {{first_name|there}}, just following up - are you still thinking about selling {{property_street|your property}}? We buy as-is, no fees.';
const SMS_MISSED = 'Sorry we missed your call! This is {{rep_first_name|the team}} with {{company_name}}. How can we help with {{property_street|your property}}?';

export function draftWorkflow(rawGoal: string): TWorkflowDraft | null {
  const goal = rawGoal.toLowerCase().replace(/[’]/g, "'").replace(/\s+/g, ' ').trim();
  const matched: string[] = [];
  const read = readTrigger(goal, matched);
  if (!read) return null;
  let { trigger } = read;
  const plans = readSteps(goal);
  if (plans.some((plan) => plan.kind === 'blast') && !read.dealTrigger) trigger = { type: 'deal_status_changed', from: null, to: 'marketing', conditions: [] };
  if (plans.length === 0) plans.push({ kind: 'notify', at: 0, detail: 'rep' });

  const steps: TStep[] = [];
  const explanation: string[] = [describeTrigger(trigger)];
  let smsCount = 0;
  let lastMessageId: string | null = null;
  const link = (id: string) => {
    const previous = steps.at(-1);
    if (!previous) return;
    if (previous.type === 'condition') previous.on_false = id;
    else previous.next = id;
  };
  for (const plan of plans) {
    const id = `s${steps.length + 1}`;
    let step: TStep | null = null;
    if (plan.kind === 'sms') {
      const body = trigger.type === 'communication_received' && trigger.missed_call_only ? SMS_MISSED : smsCount === 0 && trigger.type === 'lead_created' ? SMS_FIRST : SMS_FOLLOW;
      step = { id, name: smsCount === 0 ? 'Text the lead' : 'Follow-up text', type: 'action', action: { kind: 'send_sms', body }, next: null };
      smsCount++;
      lastMessageId = id;
      explanation.push(`${id}: texts the lead (“${body.slice(0, 60)}…”)`);
      matched.push('action:send_sms');
    } else if (plan.kind === 'email') {
      step = { id, name: 'Email the lead', type: 'action', action: { kind: 'send_email', subject: 'About {{property_street|your property}}', body: SMS_FOLLOW }, next: null };
      lastMessageId = id;
      explanation.push(`${id}: emails the lead`);
      matched.push('action:send_email');
    } else if (plan.kind === 'delay') {
      step = { id, name: `Wait ${plan.amount} ${plan.amount === 1 ? (plan.unit ?? 'days').replace(/s$/, '') : plan.unit}`, type: 'delay', delay: { mode: 'duration', amount: plan.amount ?? 1, unit: plan.unit ?? 'days' }, next: null };
      explanation.push(`${id}: waits ${plan.amount} ${plan.amount === 1 ? (plan.unit ?? 'days').replace(/s$/, '') : plan.unit}`);
      matched.push(`delay:${plan.amount}${plan.unit?.[0]}`);
    } else if (plan.kind === 'no_reply') {
      // A reply ends the run; no reply continues with the next step.
      step = { id, name: 'Replied?', type: 'condition', conditions: [{ kind: 'replied_since', step_id: lastMessageId ?? id }], on_true: END, on_false: END };
      if (!lastMessageId) step.conditions = [{ kind: 'communication_count', operator: 'gt', value: 0, direction: 'inbound' }];
      explanation.push(`${id}: if the lead replied, stops; otherwise goes on`);
      matched.push('condition:no_reply');
    } else if (plan.kind === 'notify') {
      const toManager = ['manager', 'admin', 'admins', 'me', 'team'].includes(plan.detail ?? '');
      step = { id, name: toManager ? 'Alert the manager' : 'Remind the rep', type: 'notification', channel: 'in_app', to: toManager ? { kind: 'role', role: 'admin' } : { kind: 'assignee' }, title: toManager ? 'Lead needs attention' : 'Call this lead', body: 'From an automation drafted with AI.', next: null };
      explanation.push(`${id}: ${toManager ? 'notifies the admins' : 'reminds the assigned rep'} in the app`);
      matched.push('notification:in_app');
    } else if (plan.kind === 'follow_up') {
      step = { id, name: 'Create a follow-up', type: 'action', action: { kind: 'create_follow_up', title: 'Call the seller', due_in: { amount: 1, unit: 'days' } }, next: null };
      explanation.push(`${id}: creates a follow-up due in a day`);
      matched.push('action:create_follow_up');
    } else if (plan.kind === 'assign') {
      step = { id, name: 'Assign a rep', type: 'action', action: { kind: 'assign_lead', to: { mode: 'round_robin', user_ids: [], role: 'acquisition_rep' } }, next: null };
      explanation.push(`${id}: assigns the lead to the next acquisition rep (round robin)`);
      matched.push('action:assign_lead');
    } else if (plan.kind === 'tag' && plan.detail) {
      step = { id, name: 'Tag the lead', type: 'action', action: { kind: 'add_tag', tag: plan.detail.slice(0, 50) }, next: null };
      explanation.push(`${id}: tags the lead “${plan.detail}”`);
      matched.push('action:add_tag');
    } else if (plan.kind === 'status' && plan.detail) {
      step = { id, name: 'Update status', type: 'action', action: { kind: 'update_status', status: plan.detail as (typeof LEAD_STATUSES)[number] }, next: null };
      explanation.push(`${id}: moves the lead to ${plan.detail}`);
      matched.push('action:update_status');
    } else if (plan.kind === 'blast') {
      step = { id, name: 'Blast to buyers', type: 'action', action: { kind: 'deal_blast', channels: ['sms', 'email'], min_score: 50, limit: 50 }, next: null };
      explanation.push(`${id}: sends the deal to matched buyers by text and email`);
      matched.push('action:deal_blast');
    }
    if (!step) continue;
    link(id);
    steps.push(step);
  }
  // A trailing "if no reply" with nothing after it: no reply alerts the rep.
  const last = steps.at(-1);
  if (last?.type === 'condition') {
    const id = `s${steps.length + 1}`;
    last.on_false = id;
    steps.push({ id, name: 'Remind the rep', type: 'notification', channel: 'in_app', to: { kind: 'assignee' }, title: 'No reply yet — call this lead', body: '', next: null });
    explanation.push(`${id}: reminds the assigned rep to call`);
  }
  return {
    definition: {
      name: rawGoal.trim().replace(/\s+/g, ' ').slice(0, 60).replace(/^\w/, (first) => first.toUpperCase()),
      description: `Drafted from: “${rawGoal.trim().slice(0, 440)}”`,
      trigger,
      entry_step_id: steps[0]?.id ?? null,
      steps,
      stop_on_reply: true,
    },
    explanation,
    matched,
  };
}

function describeTrigger(trigger: TTrigger): string {
  const when =
    trigger.type === 'lead_created' ? 'Starts when a lead is created'
    : trigger.type === 'communication_received' ? (trigger.missed_call_only ? 'Starts when a call is missed' : 'Starts when the lead texts in')
    : trigger.type === 'lead_status_changed' ? `Starts when a lead moves to ${trigger.to ?? 'any status'}`
    : trigger.type === 'deal_status_changed' ? `Starts when a deal moves to ${trigger.to ?? 'any status'}`
    : trigger.type === 'follow_up_overdue' ? 'Starts when a follow-up is overdue'
    : trigger.type === 'scheduled' ? `Runs on a schedule (${trigger.cron}, ${trigger.time_zone})`
    : 'Starts on its trigger';
  const conditions = trigger.conditions.length ? ` (only ${trigger.conditions.map((condition) => (condition.kind === 'tag' ? `tagged ${condition.tag}` : condition.kind === 'source' ? `from ${condition.values.join('/')}` : condition.kind === 'value' ? `worth ≥ $${condition.value.toLocaleString('en-US')}` : condition.kind)).join(', ')})` : '';
  return `${when}${conditions}`;
}

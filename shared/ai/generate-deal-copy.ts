import type { TServiceContext } from '../context/service-context.ts';
import type { TDealRecord } from '../deals/deal-record.ts';
import { findVisibleDeal } from '../deals/find-visible-deal.ts';
import { AppError } from '../errors/app-error.ts';
import { label } from '../leads/lead.constants.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import { ZDealCopy, type TAiMeta, type TDealCopy } from './ai.schemas.ts';
import { extractSignals } from './rules/extract-signals.ts';
import { runAiTask, type TAiTask } from './run-ai-task.ts';

/** What the copy is written from: the deal's numbers and place, and what the notes say about condition. */
export interface TDealCopyInput {
  propertyType: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  askingPrice: number;
  arv: number;
  repairs: number;
  closingDate: string | null;
  notes: string;
  company: string;
}

const money = (value: number) => `$${Math.round(value).toLocaleString('en-US')}`;

const CONDITION_LINE = {
  major_repairs: 'Needs major work — priced for a full rehab',
  needs_work: 'Needs cosmetic and deferred-maintenance updates',
  good: 'Solid condition — light turn',
} as const;

/** The rules' copy: the numbers do the selling (asking vs ARV, repairs, spread), then condition, place, closing and terms. */
export function dealCopyRules(input: TDealCopyInput): TDealCopy {
  const type = input.propertyType ? label(input.propertyType) : 'Property';
  const where = [input.city, input.state].filter(Boolean).join(', ');
  const spread = input.arv - input.askingPrice - input.repairs;
  const percent = input.arv > 0 ? Math.round((input.askingPrice / input.arv) * 100) : null;
  const headline = `${type}${where ? ` in ${input.city ?? where}` : ''} — ${money(input.askingPrice)}${spread > 0 ? `, ${money(spread)} spread` : ''}`;
  const condition = extractSignals(input.notes).condition;
  const bullets = [
    `Asking ${money(input.askingPrice)}${percent !== null ? ` — ${percent}% of ARV` : ''}`,
    `ARV ${money(input.arv)} (after-repair value)`,
    `Estimated repairs ${money(input.repairs)}`,
    spread > 0 ? `Potential spread ${money(spread)} after repairs` : `Priced at ARV minus repairs — a rental or long hold`,
    ...(condition ? [CONDITION_LINE[condition.signal as keyof typeof CONDITION_LINE]] : []),
    ...(where ? [`Location: ${where}${input.zip ? ` ${input.zip}` : ''}`] : []),
    input.closingDate ? `Close by ${input.closingDate}; cash or hard money, assignment of contract` : 'Quick close; cash or hard money, assignment of contract',
  ];
  return { headline: headline.slice(0, 120), bullets: bullets.slice(0, 8), call_to_action: `Reply or call ${input.company} to walk it this week — first verified proof of funds secures it.` };
}

const dealCopyTask: TAiTask<TDealCopyInput, TDealCopy> = {
  feature: 'deal_copy',
  schema: ZDealCopy,
  instructions:
    'Write marketing copy for a wholesale real-estate deal sent to cash buyers: `headline` (under 100 characters), 3 to 7 `bullets` that state the asking price, ARV, repairs and spread ' +
    'with the exact numbers given, condition and location (city, not street address), and a `call_to_action`. Never invent numbers or features.',
  data: (input) => ({
    deal_numbers: `property type: ${input.propertyType ?? 'unknown'}; city: ${input.city ?? ''}, ${input.state ?? ''} ${input.zip ?? ''}; asking: ${input.askingPrice}; ARV: ${input.arv}; repairs: ${input.repairs}; closing: ${input.closingDate ?? 'flexible'}; company: ${input.company}`,
    seller_notes: input.notes,
  }),
  rules: dealCopyRules,
};

/** Marketing copy for a deal (headline, bullets with the numbers, call to action): a draft the user edits; nothing is stored or sent. */
export async function generateDealCopy(ctx: TServiceContext, dealId: string): Promise<TDealCopy & { deal_id: string; ai: TAiMeta }> {
  if (!['admin', 'disposition_manager'].includes(ctx.principal.role)) throw new AppError('forbidden', 'Marketing copy is for admins and disposition managers');
  const deal: TDealRecord = await findVisibleDeal(ctx, dealId);
  const lead = await ctx.db.collection<TLeadRecord>('leads').findOne({ _id: deal.lead_id }, { projection: { notes: 1 } });
  const address = deal.property.address;
  const input: TDealCopyInput = {
    propertyType: deal.property.property_type,
    city: address?.city ?? null,
    state: address?.state ?? null,
    zip: address?.zip ?? null,
    askingPrice: deal.asking_price,
    arv: deal.arv,
    repairs: deal.repair_estimate,
    closingDate: deal.closing_date?.toISOString().slice(0, 10) ?? null,
    notes: [deal.notes, lead?.notes ?? ''].filter(Boolean).join('\n'),
    company: ctx.tenant.name,
  };
  const { value, ai } = await runAiTask(ctx, dealCopyTask, input, { subject: { kind: 'deal', id: deal._id } });
  return { ...value, deal_id: deal._id, ai };
}

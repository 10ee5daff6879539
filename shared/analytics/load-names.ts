import type { TBuyerRecord } from '../buyers/buyer-record.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { label } from '../leads/lead.constants.ts';
import type { TUserRecord } from '../users/user-record.ts';
import type { TFactDim } from './facts.ts';

/** Lead sources as people write them (acronyms stay upper-case). */
const SOURCE_LABELS: Record<string, string> = { ppc: 'PPC', seo: 'SEO', sms_marketing: 'SMS marketing', inbound_sms: 'Inbound SMS' };
export const sourceLabel = (source: string): string => SOURCE_LABELS[source] ?? label(source);

/** Display names for dimension values: members for reps, buyers for buyer ids, labels for enums. */
export interface TNames {
  user(uid: string): string;
  buyer(id: string): string;
  /** A value of a dimension, for a given metric (`extra` is a buyer for buyer metrics, else a reason). */
  of(dim: TFactDim | 'status', value: string, extraIsBuyer?: boolean): string;
  members: { id: string; name: string; role: string; status: string }[];
}

export async function loadNames(ctx: TServiceContext, buyerIds: Iterable<string> = []): Promise<TNames> {
  const users = await ctx.db.collection<TUserRecord>('users').find({}, { projection: { _id: 1, name: 1, email: 1, role: 1, status: 1 } }).toArray();
  const wantedBuyers = [...new Set(buyerIds)].slice(0, 500);
  const buyers = wantedBuyers.length
    ? await ctx.db.collection<TBuyerRecord>('buyers').find({ _id: { $in: wantedBuyers } }, { projection: { _id: 1, full_name: 1, company: 1 } }).toArray()
    : [];
  const userNames = new Map(users.map((user) => [user._id, user.name || user.email]));
  const buyerNames = new Map(buyers.map((buyer) => [buyer._id, buyer.full_name || buyer.company || buyer._id]));
  const user = (uid: string) => userNames.get(uid) ?? (uid.startsWith('workflow:') ? 'Automation' : uid === 'system' ? 'DealCycle' : 'Former member');
  const buyer = (id: string) => buyerNames.get(id) ?? 'Unknown buyer';
  return {
    user,
    buyer,
    of: (dim, value, extraIsBuyer = false) => (dim === 'rep' ? user(value) : dim === 'extra' ? (extraIsBuyer ? buyer(value) : value) : dim === 'source' ? sourceLabel(value) : label(value)),
    members: users.map((member) => ({ id: member._id, name: member.name || member.email, role: member.role, status: member.status })),
  };
}

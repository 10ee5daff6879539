export const FEATURES = ['sms', 'calls', 'ai', 'automation', 'advanced_analytics'] as const;
export type TFeature = (typeof FEATURES)[number];

export interface TPlan {
  name: 'trial' | 'growth' | 'scale';
  limits: {
    max_users: number;
    max_leads: number;
    /** Model calls an organisation may make in 24 hours; past it, AI features answer with the rules. */
    ai_model_calls_per_day: number;
  };
  features: Record<TFeature, boolean>;
}

/** Plans a tenant can be on. New organisations start on the trial. */
export const PLANS: Record<TPlan['name'], TPlan> = {
  trial: {
    name: 'trial',
    limits: { max_users: 5, max_leads: 2_500, ai_model_calls_per_day: 200 },
    features: { sms: true, calls: true, ai: true, automation: true, advanced_analytics: false },
  },
  growth: {
    name: 'growth',
    limits: { max_users: 25, max_leads: 50_000, ai_model_calls_per_day: 5_000 },
    features: { sms: true, calls: true, ai: true, automation: true, advanced_analytics: true },
  },
  scale: {
    name: 'scale',
    limits: { max_users: 250, max_leads: 1_000_000, ai_model_calls_per_day: 50_000 },
    features: { sms: true, calls: true, ai: true, automation: true, advanced_analytics: true },
  },
};

/** A limit of the tenant's plan; organisations stored before the limit existed get their plan's current one. */
export const planLimit = (plan: TPlan, limit: keyof TPlan['limits']): number => plan.limits[limit] ?? PLANS[plan.name].limits[limit];

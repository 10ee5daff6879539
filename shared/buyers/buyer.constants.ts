/** How a cash buyer pays. */
export const BUYER_FINANCING = ['cash', 'hard_money', 'private_money', 'conventional', 'other'] as const;
/** What a buyer does with a property (matching and the buyers list filter on these). */
export const BUYER_STRATEGIES = ['flip', 'rental', 'brrrr', 'wholetail', 'new_construction', 'other'] as const;

/** An address as a form holds it: four strings, all blank when there is none. */
export interface TAddressDraft {
  line1: string;
  city: string;
  state: string;
  zip: string;
}

export const BLANK_ADDRESS: TAddressDraft = { line1: '', city: '', state: 'TX', zip: '' };

/** The draft from an API address (or a blank one in Texas, where the demo wholesaler works). */
export const addressDraft = (address: TAddressDraft | null | undefined): TAddressDraft => (address ? { ...address } : { ...BLANK_ADDRESS });

/** The API value: undefined when nothing was typed (the state alone does not count), else the four parts trimmed. */
export function addressValue(draft: TAddressDraft): TAddressDraft | undefined {
  if ([draft.line1, draft.city, draft.zip].every((part) => part.trim() === '')) return undefined;
  return { line1: draft.line1.trim(), city: draft.city.trim(), state: draft.state.trim(), zip: draft.zip.trim() };
}


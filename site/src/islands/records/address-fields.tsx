import { US_STATES } from '../../../../shared/schemas/us-states.ts';
import { Input, Select } from '../../components/field.tsx';
import type { TAddressDraft } from '../../lib/address-draft.ts';
import type { TFieldErrors } from '../../lib/form-errors.ts';

const STATE_OPTIONS = US_STATES.map((state) => ({ value: state, label: state }));

export interface AddressFieldsProps {
  legend: string;
  /** Dot-path prefix of the API's field errors (`address`, `mailing_address`, `property.address`). */
  name: string;
  value: TAddressDraft;
  onChange: (value: TAddressDraft) => void;
  errors: TFieldErrors;
}

/** Street, city, state and ZIP; errors appear under the part they concern (`address.zip`). */
export function AddressFields({ legend, name, value, onChange, errors }: AddressFieldsProps) {
  const set = (patch: Partial<TAddressDraft>) => onChange({ ...value, ...patch });
  return (
    <fieldset className="dc-fieldset">
      <legend className="dc-label">{legend}</legend>
      <Input label="Street" autoComplete="off" maxLength={200} value={value.line1} onValue={(line1) => set({ line1 })} error={errors[`${name}.line1`] ?? errors[name]} />
      <div className="dc-form-row dc-form-row--address">
        <Input label="City" maxLength={100} value={value.city} onValue={(city) => set({ city })} error={errors[`${name}.city`]} />
        <Select label="State" options={STATE_OPTIONS} value={value.state} onValue={(state) => set({ state })} error={errors[`${name}.state`]} />
        <Input label="ZIP" inputMode="numeric" maxLength={10} value={value.zip} onValue={(zip) => set({ zip })} error={errors[`${name}.zip`]} />
      </div>
    </fieldset>
  );
}

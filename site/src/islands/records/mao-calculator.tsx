import { useEffect, useState } from 'react';
import type { z } from 'zod';
import { Card } from '../../components/card.tsx';
import { FormAlert, Input } from '../../components/field.tsx';
import { api } from '../../lib/api-client.ts';
import { money, parseMoney } from '../../lib/format.ts';
import { useApiForm } from '../../lib/use-api-form.ts';

/** `POST …/mao` → the offer and the sum spelled out. */
export interface TMaoResult {
  mao: number;
  arv: number;
  factor: number;
  repairs: number;
  desired_fee: number;
  explanation: string;
}

export interface MaoCalculatorProps {
  /** `/api/leads/:id/mao` or `/api/deals/:id/mao`. */
  path: string;
  /** The request schema, loaded lazily (zod comes with it). */
  schema: () => Promise<z.ZodType>;
  /** A deal brings its own ARV and repairs: only the fee and factor are asked. */
  fixed?: { arv: number; repairs: number };
  /** Starting ARV for a lead (its estimated value). */
  initialArv?: number | null;
  initialFee?: number;
}

const asNumber = (value: string) => {
  const parsed = parseMoney(value);
  return parsed === undefined ? undefined : parsed;
};

/**
 * The maximum allowable offer: ARV × factor − repairs − the fee you want. The API computes it
 * (the organisation's factor unless one is typed) as the inputs change, so the page and the
 * server agree to the dollar.
 */
export function MaoCalculator({ path, schema, fixed, initialArv, initialFee = 10_000 }: MaoCalculatorProps) {
  const [arv, setArv] = useState(initialArv ? String(initialArv) : '');
  const [repairs, setRepairs] = useState('0');
  const [fee, setFee] = useState(String(initialFee));
  const [factor, setFactor] = useState('');
  const [result, setResult] = useState<TMaoResult | null>(null);
  const form = useApiForm({ schema, send: (value) => api().post<TMaoResult>(path, value, { idempotent: true }), onDone: setResult });

  useEffect(() => {
    if (!fixed && arv.trim() === '') {
      setResult(null);
      return;
    }
    const percent = factor.trim() === '' ? undefined : Number(factor) / 100;
    const value = {
      ...(fixed ? {} : { arv: asNumber(arv), repairs: asNumber(repairs) ?? 0 }),
      desired_fee: asNumber(fee) ?? 0,
      ...(percent === undefined ? {} : { factor: percent }),
    };
    const timer = setTimeout(() => void form.submit(value), 350);
    return () => clearTimeout(timer);
  }, [arv, repairs, fee, factor]);

  return (
    <Card title="Offer calculator" description="Maximum allowable offer = ARV × factor − repairs − your fee.">
      <form className="dc-form" onSubmit={(event) => event.preventDefault()} noValidate>
        <div className="dc-form-row">
          {!fixed && <Input label="ARV ($)" inputMode="numeric" value={arv} onValue={setArv} error={form.errors.arv} />}
          {!fixed && <Input label="Repairs ($)" inputMode="numeric" value={repairs} onValue={setRepairs} error={form.errors.repairs} />}
          <Input label="Your fee ($)" inputMode="numeric" value={fee} onValue={setFee} error={form.errors.desired_fee} />
          <Input label="Factor (%)" inputMode="decimal" placeholder="Your organisation's" value={factor} onValue={setFactor} error={form.errors.factor} hint="40–95; blank uses the organisation's" />
        </div>
        {fixed && (
          <p className="muted dc-hint">
            From the deal: ARV {money(fixed.arv)}, repairs {money(fixed.repairs)}.
          </p>
        )}
        <FormAlert message={form.message} />
        <output className="dc-mao" aria-live="polite">
          {result ? (
            <>
              <span className="dc-mao-label">Maximum offer</span>
              <strong className={result.mao < 0 ? 'dc-mao-value is-negative' : 'dc-mao-value'}>{money(result.mao)}</strong>
              <span className="dc-mao-explanation">{result.explanation}</span>
            </>
          ) : (
            <span className="muted">Enter the ARV to see the offer.</span>
          )}
        </output>
      </form>
    </Card>
  );
}

import { useEffect, useState } from 'react';
import type { TAiMeta, TDealCopy } from '../../../../shared/ai/ai.schemas.ts';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { FormAlert } from '../../components/field.tsx';
import { toast } from '../../components/toast.tsx';
import { api } from '../../lib/api-client.ts';
import { recordIdFromLocation } from '../../lib/page-heading.ts';
import { useViewer } from '../../lib/use-role.ts';
import { providerNote } from '../../lib/ai-note.ts';

/** Plain text of the copy, as it goes into a blast or a listing. */
const asText = (copy: TDealCopy) => `${copy.headline}\n\n${copy.bullets.map((bullet) => `• ${bullet}`).join('\n')}\n\n${copy.call_to_action}`;

/**
 * Marketing copy for a deal: generated from its numbers (headline, bullets, call to action),
 * editable in place, copied to the clipboard for a blast or a listing. Nothing is saved or sent.
 */
export function DealCopy() {
  const viewer = useViewer();
  // The id is in the URL, which only exists in the browser (pages are prerendered).
  const [dealId, setDealId] = useState('');
  useEffect(() => setDealId(recordIdFromLocation() ?? ''), []);
  const [text, setText] = useState<string | null>(null);
  const [ai, setAi] = useState<TAiMeta | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const generate = async () => {
    setBusy(true);
    setError(null);
    try {
      const copy = await api().post<TDealCopy & { ai: TAiMeta }>(`/api/deals/${encodeURIComponent(dealId)}/generate-copy`);
      setText(asText(copy));
      setAi(copy.ai);
    } catch (problem) {
      setError(problem instanceof Error ? problem.message : 'Could not write the copy.');
    } finally {
      setBusy(false);
    }
  };
  const copy = async () => {
    if (text === null) return;
    try {
      await navigator.clipboard.writeText(text);
      toast('Copied — paste it into your blast or listing', { tone: 'success' });
    } catch {
      toast('Copy did not work: select the text and copy it', { tone: 'danger' });
    }
  };

  if (!dealId || (viewer.role !== 'admin' && viewer.role !== 'disposition_manager')) return null;
  return (
    <Card title="Marketing copy" description="A headline, the numbers and a call to action for buyers. Edit before you use it.">
      <div className="stack">
        {error && <FormAlert message={error} />}
        {text !== null && (
          <label className="dc-field">
            Copy (editable)
            <textarea className="dc-input dc-textarea" rows={10} value={text} onInput={(event) => setText(event.currentTarget.value)} />
          </label>
        )}
        <div className="cluster">
          <Button size="sm" variant={text === null ? 'primary' : 'secondary'} loading={busy} onClick={() => void generate()}>
            {text === null ? 'Write marketing copy' : 'Write again'}
          </Button>
          {text !== null && (
            <Button size="sm" onClick={() => void copy()}>
              Copy to clipboard
            </Button>
          )}
          {text !== null && (
            <Button size="sm" variant="ghost" onClick={() => setText(null)}>
              Discard
            </Button>
          )}
        </div>
        {ai && text !== null && <small className="muted">{providerNote(ai)}</small>}
      </div>
    </Card>
  );
}

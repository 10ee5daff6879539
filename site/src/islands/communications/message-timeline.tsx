import { useEffect, useRef, useState } from 'react';
import type { TCommunication } from '../../../../shared/communications/communication.schemas.ts';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { toast } from '../../components/toast.tsx';
import { api } from '../../lib/api-client.ts';
import { callDuration, statusTone } from '../../lib/comms-compose.ts';
import { dateTime, label } from '../../lib/format.ts';

export interface MessageTimelineProps {
  items: TCommunication[];
  /** Cancels a scheduled message; absent when the viewer may not. */
  onCancel?: (message: TCommunication) => Promise<void>;
}

const CHANNEL_LABEL = { sms: 'Text', email: 'Email', call: 'Call' } as const;

/**
 * One conversation in time order: texts, emails and calls, ours on the right. Each shows its
 * delivery status (and the carrier's error when it failed), calls their length and recording.
 * Scrolls to the newest whenever a message arrives.
 */
export function MessageTimeline({ items, onCancel }: MessageTimelineProps) {
  const end = useRef<HTMLLIElement>(null);
  const newest = items.at(-1)?.id;
  useEffect(() => {
    // Scroll the thread's own box, not the page (scrollIntoView would move the window too).
    const box = end.current?.closest<HTMLElement>('.dc-thread-scroll');
    if (box) box.scrollTop = box.scrollHeight;
  }, [newest, items.length]);
  if (items.length === 0) return <p className="muted dc-thread-empty">No messages yet. Say hello below.</p>;
  return (
    <ol className="dc-thread" aria-label="Messages">
      {items.map((message) => (
        <li key={message.id} className={`dc-bubble dc-bubble--${message.direction} dc-bubble--${message.channel}`} data-status={message.status}>
          <div className="dc-bubble-meta">
            <span>
              {message.channel === 'call' ? CHANNEL_LABEL.call : `${CHANNEL_LABEL[message.channel]} ${message.direction === 'inbound' ? 'received' : 'sent'}`}
              {message.automated ? ' · automated' : ''}
            </span>
            <time dateTime={message.created_at}>{dateTime(message.created_at)}</time>
          </div>
          {message.channel === 'call' ? <CallLine message={message} /> : <MessageBody message={message} />}
          <div className="dc-bubble-status">
            <Badge tone={statusTone(message.status)}>{message.missed ? 'Missed' : label(message.status)}</Badge>
            {message.status === 'scheduled' && message.scheduled_for && <span>for {dateTime(message.scheduled_for)}</span>}
            {message.status === 'scheduled' && onCancel && <CancelButton message={message} onCancel={onCancel} />}
          </div>
          {message.error && (
            <p className="dc-bubble-error">
              {message.error}
              {message.error_code !== null ? ` (error ${message.error_code})` : ''}
            </p>
          )}
        </li>
      ))}
      <li ref={end} className="dc-thread-end" aria-hidden="true" />
    </ol>
  );
}

function MessageBody({ message }: { message: TCommunication }) {
  return (
    <>
      {message.subject && <p className="dc-bubble-subject">{message.subject}</p>}
      <p className="dc-bubble-body">{message.body || <span className="muted">(no text)</span>}</p>
      {message.media_urls.length > 0 && <p className="muted">{message.media_urls.length} attachment(s)</p>}
    </>
  );
}

function CallLine({ message }: { message: TCommunication }) {
  const [audio, setAudio] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  useEffect(() => () => void (audio && URL.revokeObjectURL(audio)), [audio]);
  // The recording needs the session's token, which an <audio src> cannot send: fetch it, then play the blob.
  const play = async () => {
    if (!message.recording) return;
    setLoading(true);
    try {
      setAudio(URL.createObjectURL((await api().download(message.recording)).blob));
    } catch (error) {
      toast('Recording unavailable', { body: error instanceof Error ? error.message : undefined, tone: 'danger' });
    } finally {
      setLoading(false);
    }
  };
  return (
    <div className="dc-bubble-body">
      <p>
        {message.missed ? 'Missed call' : message.direction === 'inbound' ? 'Incoming call' : 'Outgoing call'}
        {message.duration_seconds !== null && ` · ${callDuration(message.duration_seconds)}`}
        {message.body ? ` — ${message.body}` : ''}
      </p>
      {message.recording &&
        (audio ? (
          <audio controls src={audio} aria-label={message.missed ? 'Voicemail' : 'Call recording'} />
        ) : (
          <Button size="sm" variant="ghost" loading={loading} onClick={() => void play()}>
            {message.missed ? 'Play voicemail' : 'Play recording'}
          </Button>
        ))}
    </div>
  );
}

function CancelButton({ message, onCancel }: { message: TCommunication; onCancel: (message: TCommunication) => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      size="sm"
      variant="ghost"
      loading={busy}
      onClick={async () => {
        setBusy(true);
        try {
          await onCancel(message);
        } finally {
          setBusy(false);
        }
      }}
    >
      Cancel send
    </Button>
  );
}

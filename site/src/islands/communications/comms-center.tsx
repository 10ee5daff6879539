import { lazy, Suspense, useEffect, useState } from 'react';
import type { ComponentChildren } from 'preact';
import type { TCommunication } from '../../../../shared/communications/communication.schemas.ts';
import type { TDeliveryAnalytics } from '../../../../shared/communications/delivery-analytics.ts';
import { Badge } from '../../components/badge.tsx';
import { LoadMore } from '../../components/load-more.tsx';
import { Card } from '../../components/card.tsx';
import { FormAlert } from '../../components/field.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { Tabs } from '../../components/tabs.tsx';
import { api } from '../../lib/api-client.ts';
import { callDuration, percent, statusTone, threadHref } from '../../lib/comms-compose.ts';
import { dateTime, label, phone } from '../../lib/format.ts';
import { useCursorList } from '../../lib/use-cursor-list.ts';

// Each tab's code loads when the tab is opened.
const TemplatesSection = lazy(() => import('./comms-settings.tsx').then((module) => ({ default: module.TemplatesSection })));
const ComplianceSection = lazy(() => import('./comms-settings.tsx').then((module) => ({ default: module.ComplianceSection })));
const SettingsSection = lazy(() => import('./comms-settings.tsx').then((module) => ({ default: module.SettingsSection })));
const DevPanel = lazy(() => import('./dev-panel.tsx').then((module) => ({ default: module.DevPanel })));

const PERIODS = [
  { days: 7, label: 'Last 7 days' },
  { days: 30, label: 'Last 30 days' },
  { days: 90, label: 'Last 90 days' },
];

const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

/**
 * The communication center: delivery analytics per number, the call log, templates, the
 * do-not-contact list, numbers and quiet hours, and the sandbox's developer panel.
 */
export function CommsCenter() {
  const [tab, setTab] = useState('delivery');
  useEffect(() => {
    const wanted = new URLSearchParams(location.search).get('tab');
    if (wanted) setTab(wanted);
  }, []);
  const lazyTab = (content: ComponentChildren) => <Suspense fallback={<Skeleton lines={4} />}>{content}</Suspense>;
  return (
    <Tabs
      label="Communication center"
      selected={tab}
      onSelect={(id) => {
        setTab(id);
        history.replaceState(history.state, '', `?tab=${id}`);
      }}
      tabs={[
        { id: 'delivery', label: 'Delivery', content: <DeliveryAnalytics /> },
        { id: 'calls', label: 'Call log', content: <CallLog /> },
        { id: 'templates', label: 'Templates', content: lazyTab(<TemplatesSection />) },
        { id: 'compliance', label: 'Do not contact', content: lazyTab(<ComplianceSection />) },
        { id: 'settings', label: 'Numbers & quiet hours', content: lazyTab(<SettingsSection />) },
        { id: 'sandbox', label: 'Developer', content: lazyTab(<SandboxTab />) },
      ]}
    />
  );
}

function DeliveryAnalytics() {
  const [days, setDays] = useState(30);
  const [data, setData] = useState<TDeliveryAnalytics | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    setData(null);
    api()
      .get<TDeliveryAnalytics>('/api/communications/analytics', { query: { from: isoDay(Date.now() - (days - 1) * 86_400_000), to: isoDay(Date.now()) }, signal: controller.signal })
      .then(setData)
      .catch((failure: unknown) => !controller.signal.aborted && setError(failure instanceof Error ? failure.message : 'Could not load analytics.'));
    return () => controller.abort();
  }, [days]);
  const rows = data ? [...data.numbers.map((entry) => ({ key: entry.number, name: `${entry.label || 'Number'} ${phone(entry.number)}`, stats: entry })), { key: 'total', name: 'All numbers', stats: data.totals }] : [];
  return (
    <Card
      title="Delivery"
      description={data ? `Texts and calls per number, ${data.from} to ${data.to} (${data.time_zone})` : 'Texts and calls per number'}
      actions={
        <label className="dc-inline-select">
          <span className="visually-hidden">Period</span>
          <select className="dc-input dc-select" value={days} onChange={(event) => setDays(Number(event.currentTarget.value))}>
            {PERIODS.map((period) => (
              <option key={period.days} value={period.days}>
                {period.label}
              </option>
            ))}
          </select>
        </label>
      }
    >
      <div className="stack">
      <FormAlert message={error} />
      {data && (
        <dl className="dc-figures dc-figures--compact">
          <div>
            <dt>Texts sent</dt>
            <dd>{data.totals.sms.sent.toLocaleString('en-US')}</dd>
          </div>
          <div>
            <dt>Delivered</dt>
            <dd>{percent(data.totals.sms.delivery_rate)}</dd>
          </div>
          <div>
            <dt>Failed</dt>
            <dd>{percent(data.totals.sms.failure_rate)}</dd>
          </div>
          <div>
            <dt>Replies per text</dt>
            <dd>{percent(data.totals.sms.sent > 0 ? data.totals.sms.received / data.totals.sms.sent : null)}</dd>
          </div>
          <div>
            <dt>Opt-outs</dt>
            <dd>{percent(data.totals.sms.opt_out_rate)}</dd>
          </div>
          <div>
            <dt>Call minutes</dt>
            <dd>{data.totals.calls.minutes.toLocaleString('en-US')}</dd>
          </div>
        </dl>
      )}
      {!data && !error && <Skeleton lines={4} label="Loading analytics" />}
      {data && (
        <div className="dc-scroll-x" tabIndex={0} role="region" aria-label="Delivery by number">
          <table className="dc-simple-table">
            <caption className="visually-hidden">Delivery by number</caption>
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Sent</th>
                <th scope="col">Delivered</th>
                <th scope="col">Failed</th>
                <th scope="col">Replies</th>
                <th scope="col">Opt-outs</th>
                <th scope="col">Calls in / out</th>
                <th scope="col">Missed</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row">{row.name}</th>
                  <td>{row.stats.sms.sent}</td>
                  <td>
                    {row.stats.sms.delivered} <span className="muted">({percent(row.stats.sms.delivery_rate)})</span>
                  </td>
                  <td>
                    {row.stats.sms.failed + row.stats.sms.undelivered} <span className="muted">({percent(row.stats.sms.failure_rate)})</span>
                  </td>
                  <td>
                    {row.stats.sms.received} <span className="muted">({percent(row.stats.sms.sent > 0 ? row.stats.sms.received / row.stats.sms.sent : null)})</span>
                  </td>
                  <td>{row.stats.sms.opt_outs}</td>
                  <td>
                    {row.stats.calls.inbound} / {row.stats.calls.outbound}
                  </td>
                  <td>{row.stats.calls.missed}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      </div>
    </Card>
  );
}

function CallLog() {
  const [filter, setFilter] = useState<'all' | 'missed' | 'inbound' | 'outbound'>('all');
  const list = useCursorList<TCommunication>('/api/communications', {
    channel: 'call',
    limit: 50,
    missed: filter === 'missed' ? true : undefined,
    direction: filter === 'inbound' || filter === 'outbound' ? filter : undefined,
  });
  return (
    <Card title="Call log" description="Calls with sellers and buyers, newest first.">
      <div className="stack">
        <div className="dc-chip-row" role="group" aria-label="Filter calls">
          {(['all', 'missed', 'inbound', 'outbound'] as const).map((entry) => (
            <button key={entry} type="button" className="dc-chip" aria-pressed={filter === entry} onClick={() => setFilter(entry)}>
              {label(entry)}
            </button>
          ))}
        </div>
        <FormAlert message={list.error} />
        {list.loading && list.items.length === 0 ? (
          <Skeleton lines={4} label="Loading calls" />
        ) : list.items.length === 0 ? (
          <p className="muted">No calls here.</p>
        ) : (
          <ul className="dc-call-log" aria-label="Calls">
            {list.items.map((call) => {
              const contact = call.lead_id ? { kind: 'lead' as const, id: call.lead_id } : call.buyer_id ? { kind: 'buyer' as const, id: call.buyer_id } : null;
              const other = call.direction === 'inbound' ? call.from : call.to;
              return (
                <li key={call.id}>
                  <span className="dc-call-who">
                    {contact ? <a href={threadHref(contact)}>{phone(other)}</a> : phone(other)}
                    <span className="muted"> · {call.direction === 'inbound' ? 'Incoming' : 'Outgoing'}</span>
                  </span>
                  <span>{dateTime(call.created_at)}</span>
                  <span>{callDuration(call.duration_seconds)}</span>
                  <Badge tone={call.missed ? 'warning' : statusTone(call.status)}>{call.missed ? 'Missed' : label(call.status)}</Badge>
                  {call.recording && <span className="muted">{call.missed ? 'Voicemail' : 'Recorded'}</span>}
                </li>
              );
            })}
          </ul>
        )}
        <LoadMore list={list} />
      </div>
    </Card>
  );
}

function SandboxTab() {
  const [available, setAvailable] = useState<boolean | null>(null);
  useEffect(() => {
    api()
      .get('/api/communications/sandbox')
      .then(() => setAvailable(true))
      .catch(() => setAvailable(false));
  }, []);
  return (
    <Card title="Developer panel" description="Only while the local sandbox stands in for Twilio.">
      {available === false ? <p className="muted">Twilio is live: there is no sandbox to play with.</p> : <DevPanel open />}
    </Card>
  );
}

import { useMemo, useState } from 'react';
import { Badge } from '../components/badge.tsx';
import { Button } from '../components/button.tsx';
import { Card } from '../components/card.tsx';
import { DateRange, shiftDay, type TDateRange } from '../components/date-range.tsx';
import { Dialog, Drawer } from '../components/dialog.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { Checkbox, Input, Select, Textarea } from '../components/field.tsx';
import { KanbanBoard, type TKanbanCard } from '../components/kanban-board.tsx';
import { Pagination } from '../components/pagination.tsx';
import { ProgressBar } from '../components/progress-bar.tsx';
import { Skeleton } from '../components/skeleton.tsx';
import { Table, type TColumn } from '../components/table.tsx';
import { Tabs } from '../components/tabs.tsx';
import { toast } from '../components/toast.tsx';

interface TSampleRow {
  id: string;
  owner: string;
  address: string;
  status: string;
  score: number;
}

const STATUSES = ['New', 'Contacted', 'Appointment', 'Offer made', 'Under contract'];
const STREETS = ['Oak St', 'Maple Ave', 'Pine Rd', 'Cedar Ln', 'Elm Dr', 'Birch Ct'];
const NAMES = ['Avery', 'Jordan', 'Morgan', 'Riley', 'Casey', 'Quinn', 'Harper', 'Rowan'];

/** Deterministic sample rows (no randomness: screenshots stay comparable). */
export function sampleRows(count: number): TSampleRow[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `sample_${index}`,
    owner: `${NAMES[index % NAMES.length]} ${String.fromCharCode(65 + ((index * 7) % 26))}.`,
    address: `${(index * 37) % 9000 + 100} ${STREETS[index % STREETS.length]}`,
    status: STATUSES[(index * 3) % STATUSES.length] ?? 'New',
    score: (index * 53) % 100,
  }));
}

const COLUMNS: TColumn<TSampleRow>[] = [
  { key: 'owner', header: 'Owner', sortValue: (row) => row.owner },
  { key: 'address', header: 'Address', width: 'minmax(10rem, 2fr)', sortValue: (row) => row.address },
  { key: 'status', header: 'Status', sortValue: (row) => row.status, cell: (row) => <Badge tone={row.status === 'Under contract' ? 'success' : 'primary'}>{row.status}</Badge> },
  { key: 'score', header: 'Score', align: 'end', width: 'minmax(6rem, 0.5fr)', sortValue: (row) => row.score },
];

const BOARD = [
  { id: 'contract', title: 'Under contract' },
  { id: 'marketing', title: 'Marketing' },
  { id: 'assigned', title: 'Assigned' },
  { id: 'closed', title: 'Closed' },
];

/** The design system's components with sample data, for review and for the browser tests. */
export function ComponentGallery({ today }: { today: string }) {
  const rows = useMemo(() => sampleRows(100_000), []);
  const [opened, setOpened] = useState<string | null>(null);
  const [dialog, setDialog] = useState(false);
  const [drawer, setDrawer] = useState(false);
  const [range, setRange] = useState<TDateRange>({ from: shiftDay(today, -29), to: today });
  const [email, setEmail] = useState('');
  const [page, setPage] = useState(1);
  const [cards, setCards] = useState<TKanbanCard[]>([
    { id: 'd1', columnId: 'contract', title: '412 Oak St', subtitle: 'Contract $142,000', meta: <Badge tone="primary">Fee $12,000</Badge> },
    { id: 'd2', columnId: 'contract', title: '88 Cedar Ln', subtitle: 'Contract $96,500' },
    { id: 'd3', columnId: 'marketing', title: '1207 Pine Rd', subtitle: '14 buyers matched', meta: <Badge tone="secondary">3 offers</Badge> },
    { id: 'd4', columnId: 'assigned', title: '56 Elm Dr', subtitle: 'Assigned to Harper Homes' },
  ]);

  return (
    <div className="stack">
      <Card title="Table" description="100,000 sample rows: sortable columns, arrow keys, Page Up/Down, Home/End, Enter opens." flush>
        <Table label="Sample leads" columns={COLUMNS} rows={rows} rowKey={(row) => row.id} onRowActivate={(row) => setOpened(row.owner)} height={360} />
        <p className="dc-pagination muted" role="status">
          {opened ? `Opened ${opened}` : 'No row opened yet'}
        </p>
      </Card>
      <div className="grid-wide">
        <Card title="Buttons and badges">
          <div className="stack">
            <div className="cluster">
              <Button variant="primary">Primary</Button>
              <Button>Secondary</Button>
              <Button variant="ghost">Ghost</Button>
              <Button variant="danger">Delete</Button>
              <Button variant="primary" loading>
                Saving
              </Button>
            </div>
            <div className="cluster">
              <Badge>Neutral</Badge>
              <Badge tone="primary">New</Badge>
              <Badge tone="secondary">Marketing</Badge>
              <Badge tone="success">Closed</Badge>
              <Badge tone="warning">Due today</Badge>
              <Badge tone="danger">Overdue</Badge>
            </div>
          </div>
        </Card>
        <Card title="Form controls">
          <form className="dc-form" noValidate onSubmit={(event) => event.preventDefault()}>
            <Input label="Email" type="email" value={email} onValue={setEmail} error={email && !email.includes('@') ? 'Enter a valid email address' : undefined} hint="Validated as you type" />
            <Select label="Status" options={STATUSES.map((status) => ({ value: status, label: status }))} />
            <Textarea label="Notes" rows={3} />
            <Checkbox label="Do not contact" hint="Excludes the lead from every workflow" />
            <DateRange label="Period" value={range} onChange={setRange} today={today} />
          </form>
        </Card>
        <Card title="Overlays and feedback">
          <div className="cluster">
            <Button onClick={() => setDialog(true)}>Open dialog</Button>
            <Button onClick={() => setDrawer(true)}>Open drawer</Button>
            <Button onClick={() => toast('Lead saved', { tone: 'success', body: '412 Oak St was added to your leads.' })}>Show toast</Button>
          </div>
          <Dialog open={dialog} onClose={() => setDialog(false)} title="Sample dialog" footer={<Button variant="primary" onClick={() => setDialog(false)}>Done</Button>}>
            <p>Focus stays inside until the dialog closes; Escape closes it.</p>
          </Dialog>
          <Drawer open={drawer} onClose={() => setDrawer(false)} title="Sample drawer">
            <p>Drawers hold filters and record previews.</p>
          </Drawer>
        </Card>
        <Card title="Progress and loading">
          <div className="stack">
            <ProgressBar label="Import" value={6_420} max={10_000} valueText="6,420 of 10,000 rows" />
            <ProgressBar label="Monthly goal" value={9} max={12} tone="success" valueText="9 of 12 deals" />
            <Skeleton lines={3} label="Loading sample" />
          </div>
        </Card>
      </div>
      <Card title="Tabs">
        <Tabs
          label="Sample tabs"
          tabs={[
            { id: 'overview', label: 'Overview', content: <p>Arrow keys move between tabs.</p> },
            { id: 'activity', label: 'Activity', content: <p>Activity goes here.</p> },
            { id: 'files', label: 'Files', content: <EmptyState icon="upload" title="No files yet" description="Contracts and photos you attach appear here." /> },
          ]}
        />
      </Card>
      <Card title="Kanban board" description="Drag a card, or focus it and press Shift+→.">
        <KanbanBoard label="Sample deal pipeline" columns={BOARD} cards={cards} onMove={(id, to) => setCards((current) => current.map((card) => (card.id === id ? { ...card, columnId: to } : card)))} />
      </Card>
      <Card title="Pagination" flush>
        <Pagination label="Sample pages" hasPrevious={page > 1} hasNext={page < 5} onPrevious={() => setPage(page - 1)} onNext={() => setPage(page + 1)} summary={`Page ${page} of 5`} />
      </Card>
    </div>
  );
}

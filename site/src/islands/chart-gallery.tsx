import { Card } from '../components/card.tsx';
import { Chart } from '../components/chart.tsx';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun'];
const currency = (value: number) => `$${Math.round(value / 1000)}k`;

/** The Chart wrapper's four kinds with sample figures. */
export function ChartGallery() {
  return (
    <div className="grid-wide">
      <Card title="Line">
        <Chart kind="line" title="Sample assignment fees by month" labels={MONTHS} series={[{ label: 'Fees', values: [42_000, 38_500, 51_000, 47_250, 62_000, 58_400] }]} format={currency} />
      </Card>
      <Card title="Bar">
        <Chart
          kind="bar"
          title="Sample leads and contracts by source"
          labels={['Mail', 'Calls', 'PPC', 'Referral']}
          series={[
            { label: 'Leads', values: [320, 210, 140, 60] },
            { label: 'Contracts', values: [12, 9, 5, 6] },
          ]}
        />
      </Card>
      <Card title="Doughnut">
        <Chart kind="doughnut" title="Sample deals by status" labels={['Under contract', 'Marketing', 'Assigned', 'Closed']} series={[{ label: 'Deals', values: [8, 5, 3, 11] }]} />
      </Card>
      <Card title="Funnel">
        <Chart kind="funnel" title="Sample pipeline funnel" labels={['Leads', 'Contacted', 'Appointments', 'Offers', 'Contracts']} series={[{ label: 'Count', values: [1200, 640, 180, 95, 32] }]} />
      </Card>
    </div>
  );
}

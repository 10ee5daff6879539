import type { TReportDefinition } from '../analytics.schemas.ts';
import { addDays, addYears } from '../day-range.ts';

/** The days a report's range stands for, today being `today` (organisation's zone). */
export function reportDays(range: TReportDefinition['range'], today: string): { from: string; to: string } {
  const month = today.slice(0, 7);
  switch (range.preset) {
    case 'last_7_days':
      return { from: addDays(today, -6), to: today };
    case 'last_30_days':
      return { from: addDays(today, -29), to: today };
    case 'last_90_days':
      return { from: addDays(today, -89), to: today };
    case 'this_month':
      return { from: `${month}-01`, to: today };
    case 'last_month': {
      const lastDay = addDays(`${month}-01`, -1);
      return { from: `${lastDay.slice(0, 7)}-01`, to: lastDay };
    }
    case 'this_quarter': {
      const quarterMonth = Math.floor((Number(today.slice(5, 7)) - 1) / 3) * 3 + 1;
      return { from: `${today.slice(0, 4)}-${String(quarterMonth).padStart(2, '0')}-01`, to: today };
    }
    case 'this_year':
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
    case 'custom':
      return { from: range.from ?? addYears(today, -1), to: range.to ?? today };
  }
}

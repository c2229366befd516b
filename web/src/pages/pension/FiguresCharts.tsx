// The figures as charts (ECharts, its own chunk: StaffPensionPage loads this module only when the
// figures are shown). Two charts: retirees by 参保地区 stacked by status, and the online passes and
// failures by reason per day. Only the parts used are registered (echarts/core), to keep the chunk small.
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { PensionFigures } from './pensionApi';
import type { PensionText } from './text';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

const COLOURS = { pending: '#0b4f9c', certified: '#1e7b34', dueSoon: '#9a5b00', overdue: '#b3261e', ineligible: '#6b6b6b' };
const REASON_COLOURS = { actions_not_done: '#d46b08', no_match: '#b3261e', spoof: '#722ed1', environment: '#8c8c8c' };

function Chart({ option, testId, label }: { option: echarts.EChartsCoreOption; testId: string; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = echarts.init(ref.current!, null, { renderer: 'svg' });
    chart.setOption(option);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  return <div ref={ref} className="sf-pension-chart" role="img" aria-label={label} data-testid={testId} />;
}

export default function FiguresCharts({ figures, p, statusLabel, reasonLabel }: {
  figures: PensionFigures;
  p: PensionText;
  statusLabel: (s: 'pending' | 'certified' | 'due_soon' | 'overdue') => string;
  reasonLabel: (r: keyof typeof REASON_COLOURS) => string;
}) {
  const regions = figures.byRegion.map((r) => r.region);
  const statusSeries = ([
    ['pending', statusLabel('pending')],
    ['certified', statusLabel('certified')],
    ['dueSoon', statusLabel('due_soon')],
    ['overdue', statusLabel('overdue')],
    ['ineligible', p('staff.figures.ineligible')],
  ] as const).map(([key, name]) => ({ name, type: 'bar' as const, stack: 'status', color: COLOURS[key], data: figures.byRegion.map((r) => r[key]) }));
  const days = figures.daily.map((d) => d.day.slice(5));
  const reasons = (Object.keys(REASON_COLOURS) as (keyof typeof REASON_COLOURS)[]).map((reason) => ({
    name: reasonLabel(reason),
    type: 'bar' as const,
    stack: 'failed',
    color: REASON_COLOURS[reason],
    data: figures.daily.map((d) => d.failed[reason]),
  }));
  const daily = [{ name: p('staff.figures.passed'), type: 'bar' as const, stack: 'passed', color: '#1e7b34', data: figures.daily.map((d) => d.passed) }, ...reasons];
  const base = { tooltip: { trigger: 'axis' }, legend: { top: 0, textStyle: { fontSize: 14 } }, grid: { left: 8, right: 8, bottom: 8, top: 72, containLabel: true } };
  return (
    <>
      <h3>{p('staff.figures.byRegion')}</h3>
      <Chart testId="pension-chart-regions" label={p('staff.figures.byRegion')} option={{ ...base, xAxis: { type: 'category', data: regions }, yAxis: { type: 'value', minInterval: 1 }, series: statusSeries }} />
      <h3>{p('staff.figures.daily')}</h3>
      <Chart testId="pension-chart-daily" label={p('staff.figures.daily')} option={{ ...base, xAxis: { type: 'category', data: days }, yAxis: { type: 'value', minInterval: 1 }, series: daily }} />
    </>
  );
}

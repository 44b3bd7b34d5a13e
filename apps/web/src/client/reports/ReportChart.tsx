import ReactECharts from 'echarts-for-react';

/** One labelled count, as the report's breakdowns give them. */
export interface ChartLine {
  label: string;
  count: number;
}

/**
 * A chart of one breakdown: bars by default, a pie where shares matter more than order, a line
 * for the month-by-month trend. Rendered on canvas by ECharts, with nothing fetched from outside.
 */
export function ReportChart({
  title,
  lines,
  kind = 'bar',
  testId,
}: {
  title: string;
  lines: ChartLine[];
  kind?: 'bar' | 'pie' | 'line';
  testId?: string;
}) {
  const labels = lines.map((l) => l.label);
  const values = lines.map((l) => l.count);
  const option =
    kind === 'pie'
      ? {
          title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
          tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
          legend: { bottom: 0, type: 'scroll' },
          series: [
            {
              type: 'pie',
              radius: ['35%', '62%'],
              label: { formatter: '{b}\n{c}' },
              data: lines.map((l) => ({ name: l.label, value: l.count })),
            },
          ],
          animation: false,
        }
      : {
          title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
          tooltip: { trigger: 'axis' },
          grid: { left: 48, right: 16, top: 40, bottom: 64 },
          xAxis: {
            type: 'category',
            data: labels,
            axisLabel: { interval: 0, rotate: labels.length > 5 ? 30 : 0, width: 90, overflow: 'truncate' },
          },
          yAxis: { type: 'value', minInterval: 1 },
          series: [
            {
              type: kind,
              data: values,
              label: { show: true, position: 'top' },
              itemStyle: { color: '#1677ff' },
            },
          ],
          animation: false,
        };
  return (
    <div data-testid={testId} data-chart-title={title}>
      <ReactECharts option={option} style={{ height: 300 }} notMerge opts={{ renderer: 'canvas' }} />
    </div>
  );
}

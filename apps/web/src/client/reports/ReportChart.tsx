import { Empty, Typography } from 'antd';
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
  hideZeros = kind === 'pie',
}: {
  title: string;
  lines: ChartLine[];
  kind?: 'bar' | 'pie' | 'line';
  testId?: string;
  /** Leave out empty categories: a long list of zeros hides the few that count. */
  hideZeros?: boolean;
}) {
  const shown = hideZeros ? lines.filter((l) => l.count > 0) : lines;
  if (shown.length === 0)
    return (
      <div data-testid={testId} data-chart-title={title} style={{ height: 300 }}>
        <Typography.Title level={5} style={{ textAlign: 'center' }}>
          {title}
        </Typography.Title>
        <Empty description="本季度无" />
      </div>
    );
  const labels = shown.map((l) => l.label);
  const values = shown.map((l) => l.count);
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
              data: shown.map((l) => ({ name: l.label, value: l.count })),
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

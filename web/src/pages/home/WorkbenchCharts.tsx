// The jurisdiction admin's charts: the monthly redemption trend (line) and the flows between the
// four jurisdictions (Sankey: vouchers of one jurisdiction redeemed at providers of another).
// Loaded lazily from the home page, so ECharts is fetched only by those who see a chart.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { LineChart, SankeyChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ComposeOption } from 'echarts/core';
import type { LineSeriesOption, SankeySeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';

echarts.use([LineChart, SankeyChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type Option = ComposeOption<LineSeriesOption | SankeySeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

function Chart(props: { option: Option; height: number; testId: string; ariaLabel: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(props.option, true);
  }, [props.option]);
  return <div ref={ref} role="img" aria-label={props.ariaLabel} style={{ width: '100%', height: props.height }} data-testid={props.testId} />;
}

/** Redeemed yuan per month: of the jurisdiction's vouchers, and at its providers. */
export function TrendChart(props: {
  points: Array<{ period: string; issuedFen: number; servedFen: number }>;
  names: { issued: string; served: string };
  ariaLabel: string;
}) {
  const option: Option = {
    grid: { left: 56, right: 16, top: 36, bottom: 28 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: props.points.map((p) => p.period) },
    yAxis: { type: 'value', name: '¥', axisLabel: { formatter: (v: number) => (v >= 10000 ? `${v / 10000}万` : String(v)) } },
    series: [
      { type: 'line', name: props.names.issued, smooth: true, areaStyle: { opacity: 0.12 }, data: props.points.map((p) => p.issuedFen / 100) },
      { type: 'line', name: props.names.served, smooth: true, data: props.points.map((p) => p.servedFen / 100) },
    ],
  } as Option;
  return <Chart option={option} height={240} testId="wb-trend-chart" ariaLabel={props.ariaLabel} />;
}

/** Issuing jurisdictions (left) to providers' jurisdictions (right), by redeemed yuan. */
export function FlowChart(props: {
  flows: Array<{ from: string; to: string; amountFen: number; redemptions: number }>;
  name: (code: string) => string;
  side: { from: string; to: string };
  ariaLabel: string;
}) {
  const left = (c: string) => `${props.name(c)} ${props.side.from}`;
  const right = (c: string) => `${props.name(c)} ${props.side.to}`;
  const nodes = [...new Set([...props.flows.map((f) => left(f.from)), ...props.flows.map((f) => right(f.to))])].map((name) => ({ name }));
  const option: Option = {
    tooltip: { trigger: 'item' },
    series: [
      {
        type: 'sankey',
        left: 8,
        right: 96,
        top: 8,
        bottom: 8,
        nodeGap: 14,
        emphasis: { focus: 'adjacency' },
        lineStyle: { color: 'gradient', opacity: 0.45 },
        data: nodes,
        links: props.flows.map((f) => ({ source: left(f.from), target: right(f.to), value: f.amountFen / 100 })),
      },
    ],
  } as Option;
  return <Chart option={option} height={240} testId="wb-flow-chart" ariaLabel={props.ariaLabel} />;
}

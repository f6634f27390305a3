// The map of the three provinces and Shanghai, coloured by a count per jurisdiction; a click
// opens that jurisdiction's list. Loaded lazily with ECharts' map chart and the four outlines
// (web/src/assets/yrd-provinces.json; its source and licence are beside it).
import { useEffect, useMemo, useRef } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import * as echarts from 'echarts/core';
import { MapChart, type MapSeriesOption } from 'echarts/charts';
import { TooltipComponent, VisualMapComponent, type TooltipComponentOption, type VisualMapComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import provinces from '../../assets/yrd-provinces.json';
import type { RegionCounts } from '../../api/portal';
import { useLabel } from './ui';

echarts.use([MapChart, TooltipComponent, VisualMapComponent, CanvasRenderer]);
echarts.registerMap('yrd', provinces as unknown as Parameters<typeof echarts.registerMap>[1]);

type Option = echarts.ComposeOption<MapSeriesOption | TooltipComponentOption | VisualMapComponentOption>;
type Metric = 'resources' | 'providers' | 'results' | 'calls';

export default function RegionMap(props: { regions: RegionCounts[]; metric: Metric; linkOf: (code: string) => string }) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const navigate = useNavigate();
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const linkOf = useRef(props.linkOf);
  linkOf.current = props.linkOf;

  const option = useMemo<Option>(() => {
    const values = props.regions.map((r) => r[props.metric]);
    const byCode = new Map(props.regions.map((r) => [r.code, r]));
    const counts = (['resources', 'providers', 'results', 'demands', 'calls'] as const).map((k) => ({ k, name: t(`portal.counts.${k}`) }));
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: unknown) => {
          const code = (p as { name: string }).name;
          const r = byCode.get(code);
          if (!r) return '';
          return `<b>${label('jurisdiction', code)}</b><br/>${counts.map((c) => `${c.name}: ${r[c.k]}`).join('<br/>')}`;
        },
      },
      visualMap: {
        min: 0,
        max: Math.max(1, ...values),
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemWidth: 12,
        itemHeight: 120,
        text: [String(Math.max(1, ...values)), '0'],
        inRange: { color: ['#dbe7fb', '#1f5fbf'] },
        textStyle: { color: '#33415c' },
      },
      series: [
        {
          type: 'map',
          map: 'yrd',
          nameProperty: 'code',
          roam: false,
          top: 8,
          bottom: 40,
          label: {
            show: true,
            formatter: (p: unknown) => {
              const code = (p as { name: string }).name;
              return `${label('jurisdictionShort', code)}\n${byCode.get(code)?.[props.metric] ?? 0}`;
            },
            color: '#0f2a4a',
            fontWeight: 'bold',
            backgroundColor: 'rgba(255,255,255,0.8)',
            padding: [2, 4],
            borderRadius: 3,
          },
          itemStyle: { borderColor: '#ffffff', borderWidth: 1.5 },
          emphasis: { label: { color: '#0f2a4a' }, itemStyle: { areaColor: '#f5a623' } },
          select: { disabled: true },
          data: props.regions.map((r) => ({ name: r.code, value: r[props.metric] })),
        },
      ],
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.regions, props.metric, i18n.language]);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => {
      if (p.name) navigate(linkOf.current(p.name));
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [navigate]);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  const summary = props.regions.map((r) => `${label('jurisdictionShort', r.code)} ${r[props.metric]}`).join('，');
  return (
    <div
      ref={ref}
      className="pt-map-box"
      role="img"
      aria-label={`${t('portal.home.mapLabel')}：${t(`portal.counts.${props.metric}`)} ${summary}`}
      data-testid="portal-map"
    />
  );
}

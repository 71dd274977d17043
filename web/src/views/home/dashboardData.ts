// Shaping of the dashboard answer for the page: KPI cards, the map's metric per child region, which
// boundary file draws a region's children, and the trend series. Pure functions (Vitest).
import type { ChildFigures, Dashboard } from '@/api/dashboard'

export type MapMetric = 'openCases' | 'openRedWarnings'
export const MAP_METRICS: { value: MapMetric; label: string }[] = [
  { value: 'openCases', label: '在办案件' },
  { value: 'openRedWarnings', label: '红色预警' },
]

// 0.3333 → "33.3%"; no denominator → "—" (never a made-up 100 %).
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—'
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`
}

// Fen → yuan for a KPI: "7,000" below ten thousand yuan, "12.35万" up to a hundred million, then "1.23亿".
export function formatYuanShort(fen: number): string {
  const yuan = fen / 100
  if (Math.abs(yuan) >= 1e8) return `${(yuan / 1e8).toFixed(2)}亿`
  if (Math.abs(yuan) >= 1e4) return `${(yuan / 1e4).toFixed(2)}万`
  return Math.round(yuan).toLocaleString('en-US')
}

export interface KpiCard {
  key: string
  label: string
  value: string
  unit?: string
  hint: string
  tone: 'normal' | 'danger' | 'warning' | 'good'
}

export function kpiCards(d: Dashboard): KpiCard[] {
  const k = d.kpis
  const rateTone = (rate: number | null): KpiCard['tone'] =>
    rate === null ? 'normal' : rate >= 0.9 ? 'good' : rate >= 0.7 ? 'warning' : 'danger'
  return [
    { key: 'projects', label: '在建项目', value: String(k.projectsInConstruction), unit: '个', hint: '状态为“在建”的项目', tone: 'normal' },
    { key: 'workers', label: '今日在场工人', value: String(k.workersOnSiteToday), unit: '人', hint: `${d.asOf} 有考勤记录的工人（去重）`, tone: 'normal' },
    { key: 'wages', label: '本月已发工资', value: formatYuanShort(k.wagesPaidThisMonth), unit: '元', hint: '银行回盘确认代发成功的金额', tone: 'normal' },
    {
      key: 'allocation',
      label: '人工费按月拨付率',
      value: formatRate(k.allocation.rate),
      hint: `${k.allocation.period}：${k.allocation.allocated}/${k.allocation.due} 个在建项目已拨付`,
      tone: rateTone(k.allocation.rate),
    },
    {
      key: 'clues',
      label: '待受理线索',
      value: String(k.clues.open),
      unit: '条',
      hint: `重点督办 红${k.clues.byGrade.red} 黄${k.clues.byGrade.yellow} 蓝${k.clues.byGrade.blue}`,
      tone: k.clues.byGrade.red > 0 ? 'danger' : 'normal',
    },
    {
      key: 'cases',
      label: '在办案件',
      value: String(k.cases.open),
      unit: '件',
      hint: `红牌${k.cases.byCard.red} 黄牌${k.cases.byCard.yellow} 无牌${k.cases.byCard.none}`,
      tone: k.cases.byCard.red > 0 ? 'danger' : k.cases.byCard.yellow > 0 ? 'warning' : 'normal',
    },
    {
      key: 'closure',
      label: '案件按期办结率',
      value: formatRate(k.cases.closureRate),
      hint: `近12个月按期${k.cases.closedOnTime}/办结${k.cases.closed}，超期未结${k.cases.overdueOpen}`,
      tone: rateTone(k.cases.closureRate),
    },
    {
      key: 'warnings',
      label: '未消除预警',
      value: String(k.warnings.active),
      unit: '条',
      hint: `红${k.warnings.byLevel.red} 黄${k.warnings.byLevel.yellow} 蓝${k.warnings.byLevel.blue}`,
      tone: k.warnings.byLevel.red > 0 ? 'danger' : k.warnings.byLevel.yellow > 0 ? 'warning' : 'normal',
    },
    {
      key: 'clearance',
      label: '预警限期消除率',
      value: formatRate(k.warnings.clearanceRate),
      hint: `近12个月限期内消除${k.warnings.clearedOnTime}/消除${k.warnings.cleared}，超期未消除${k.warnings.overdueActive}`,
      tone: rateTone(k.warnings.clearanceRate),
    },
  ]
}

// The bundled boundary file that draws a region's children: a province's cities or a city's
// counties (src/assets/geo/<province>/<code>.json). Counties have no town boundaries: null → the
// page ranks the towns in a bar chart instead.
export function geoFileFor(region: { code: string; level: number }, available: ReadonlySet<string>): string | null {
  if (region.level !== 1 && region.level !== 2) return null
  const key = `${region.code.slice(0, 2)}/${region.code}`
  return available.has(key) ? key : null
}

// The map series' data: one item per child, named by code (the features' adcode).
export function mapData(children: ChildFigures[], metric: MapMetric): { name: string; value: number; label: string }[] {
  return children.map((c) => ({ name: c.code, value: c[metric], label: c.name }))
}

// Upper end of the map's colour scale: at least 1, so an all-zero region is one calm colour.
export const scaleMax = (children: ChildFigures[], metric: MapMetric) => Math.max(1, ...children.map((c) => c[metric]))

// Children ranked by the metric (largest first, then by code) for the bar chart.
export function ranked(children: ChildFigures[], metric: MapMetric): ChildFigures[] {
  return [...children].sort((a, b) => b[metric] - a[metric] || a.code.localeCompare(b.code))
}

// "2026-03" → "3月" (January shows the year: "2026年1月") for the trend axes.
export function monthLabel(month: string, index: number): string {
  const [y, m] = month.split('-')
  return index === 0 || m === '01' ? `${y}年${Number(m)}月` : `${Number(m)}月`
}

// Rates as percentages with one decimal, null kept as a gap in the line.
export const percentSeries = (rates: (number | null)[]) => rates.map((r) => (r === null ? null : Math.round(r * 1000) / 10))

// Fen → yuan (two decimals) for the wage trend.
export const yuanSeries = (fen: number[]) => fen.map((f) => Math.round(f) / 100)

// The region path after drilling into `child` from the current choice (`path` from the scope root).
export function drillPath(current: { path: string[]; name: string }, child: { code: string; name: string }) {
  const path = [...current.path, child.code]
  const name = current.name ? `${current.name} / ${child.name}` : child.name
  return { code: child.code, name, path }
}

// One level up (not above the scope root, which is path[0]).
export function upPath(current: { path: string[]; name: string }) {
  if (current.path.length <= 1) return null
  const path = current.path.slice(0, -1)
  const names = current.name.split(' / ')
  return { code: path[path.length - 1], name: names.slice(0, -1).join(' / ') || path[path.length - 1], path }
}

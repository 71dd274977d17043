// Shaping of the dashboard answer: rates without a denominator, money, KPI cards, which boundary
// file draws which level, map data keyed by code, ranking, and drilling the region path.
import { describe, expect, it } from 'vitest'
import type { ChildFigures, Dashboard } from '@/api/dashboard'
import {
  drillPath,
  formatRate,
  formatYuanShort,
  geoFileFor,
  kpiCards,
  mapData,
  monthLabel,
  percentSeries,
  ranked,
  scaleMax,
  upPath,
} from '../dashboardData'

const child = (code: string, name: string, openCases: number, openRedWarnings: number): ChildFigures => ({
  code,
  name,
  openCases,
  openRedWarnings,
  activeWarnings: openRedWarnings,
  projectsInConstruction: 0,
  openClues: 0,
})

function dashboard(): Dashboard {
  return {
    region: { code: '3701', name: '济南市', level: 2 },
    parent: null,
    industry: '',
    asOf: '2026-03-02',
    kpis: {
      projectsInConstruction: 3,
      workersOnSiteToday: 3,
      wagesPaidThisMonth: 700000,
      allocation: { period: '2026-02', due: 3, allocated: 1, rate: 1 / 3 },
      clues: { open: 2, byGrade: { red: 1, yellow: 0, blue: 0, none: 1 } },
      cases: { open: 2, byCard: { red: 1, yellow: 1, none: 0 }, closed: 2, closedOnTime: 1, overdueOpen: 1, closureRate: 1 / 3 },
      warnings: { active: 2, byLevel: { red: 1, yellow: 1, blue: 0 }, cleared: 0, clearedOnTime: 0, overdueActive: 0, clearanceRate: null },
    },
    children: [child('370102', '历下区', 1, 1), child('370103', '市中区', 1, 0)],
    unplaced: child('3701', '济南市', 0, 0),
    series: {
      months: ['2025-04', '2026-01', '2026-03'],
      wagesPaid: [0, 0, 700000],
      newClues: [0, 0, 1],
      closedCases: [0, 0, 0],
      warningsRaised: [0, 0, 1],
      warningsCleared: [0, 0, 0],
      allocationDue: [1, 2, 3],
      allocationDone: [0, 1, 1],
      allocationRate: [0, 0.5, null],
    },
  }
}

describe('formatting', () => {
  it('shows a rate with one decimal and a dash when there is nothing to divide by', () => {
    expect(formatRate(1 / 3)).toBe('33.3%')
    expect(formatRate(1)).toBe('100.0%')
    expect(formatRate(0)).toBe('0.0%')
    expect(formatRate(null)).toBe('—')
  })
  it('shortens yuan amounts from fen', () => {
    expect(formatYuanShort(700000)).toBe('7,000')
    expect(formatYuanShort(123456789)).toBe('123.46万')
    expect(formatYuanShort(25_000_000_000)).toBe('2.50亿')
  })
  it('labels months, with the year at the start and in January', () => {
    expect(['2025-12', '2026-01', '2026-02'].map(monthLabel)).toEqual(['2025年12月', '2026年1月', '2月'])
  })
  it('keeps a missing rate as a gap in the percentage series', () => {
    expect(percentSeries([0, 0.5, 1 / 3, null])).toEqual([0, 50, 33.3, null])
  })
})

describe('kpiCards', () => {
  it('puts the figures and their breakdown on the cards, red when something is red', () => {
    const cards = Object.fromEntries(kpiCards(dashboard()).map((c) => [c.key, c]))
    expect(cards.projects.value).toBe('3')
    expect(cards.wages.value).toBe('7,000')
    expect(cards.allocation.value).toBe('33.3%')
    expect(cards.allocation.hint).toContain('1/3')
    expect(cards.allocation.tone).toBe('danger')
    expect(cards.cases.hint).toBe('红牌1 黄牌1 无牌0')
    expect(cards.cases.tone).toBe('danger')
    expect(cards.clearance.value).toBe('—')
    expect(cards.clearance.tone).toBe('normal')
  })
})

describe('map', () => {
  const files = new Set(['37/37', '37/3701'])
  it('draws a province by its cities and a city by its counties, never towns', () => {
    expect(geoFileFor({ code: '37', level: 1 }, files)).toBe('37/37')
    expect(geoFileFor({ code: '3701', level: 2 }, files)).toBe('37/3701')
    expect(geoFileFor({ code: '3702', level: 2 }, files)).toBeNull() // not bundled
    expect(geoFileFor({ code: '370102', level: 3 }, files)).toBeNull()
  })
  it('keys the map data by code and switches the metric', () => {
    const d = dashboard()
    expect(mapData(d.children, 'openCases')).toEqual([
      { name: '370102', value: 1, label: '历下区' },
      { name: '370103', value: 1, label: '市中区' },
    ])
    expect(mapData(d.children, 'openRedWarnings').map((x) => x.value)).toEqual([1, 0])
    expect(scaleMax(d.children, 'openRedWarnings')).toBe(1)
    expect(scaleMax([], 'openCases')).toBe(1)
  })
  it('ranks children by the metric, ties by code', () => {
    const list = [child('370103', 'b', 2, 0), child('370102', 'a', 2, 0), child('370104', 'c', 5, 0)]
    expect(ranked(list, 'openCases').map((c) => c.code)).toEqual(['370104', '370102', '370103'])
  })
})

describe('drilling', () => {
  it('extends and shortens the region path, never above the scope', () => {
    const city = { code: '3701', name: '济南市', path: ['3701'] }
    const county = drillPath(city, { code: '370102', name: '历下区' })
    expect(county).toEqual({ code: '370102', name: '济南市 / 历下区', path: ['3701', '370102'] })
    expect(upPath(county)).toEqual({ code: '3701', name: '济南市', path: ['3701'] })
    expect(upPath(city)).toBeNull()
  })
})

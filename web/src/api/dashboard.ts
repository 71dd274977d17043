// GET /api/v1/dashboard?region=CODE (dashboard.read: supervisors, industry officers): the home
// dashboard of a region — KPIs, figures per child region for the map, 12-month trends.
import { http } from './request'

export interface DashboardRegion {
  code: string
  name: string
  level: number // 1 province … 4 town; 0 the whole platform
}

export interface ChildFigures {
  code: string
  name: string
  openCases: number
  openRedWarnings: number
  activeWarnings: number
  projectsInConstruction: number
  openClues: number
}

export interface Dashboard {
  region: DashboardRegion
  parent: DashboardRegion | null // only while still inside the caller's scope
  industry: string
  asOf: string
  kpis: {
    projectsInConstruction: number
    workersOnSiteToday: number
    wagesPaidThisMonth: number // fen
    allocation: { period: string; due: number; allocated: number; rate: number | null }
    clues: { open: number; byGrade: { red: number; yellow: number; blue: number; none: number } }
    cases: {
      open: number
      byCard: { red: number; yellow: number; none: number }
      closed: number
      closedOnTime: number
      overdueOpen: number
      closureRate: number | null
    }
    warnings: {
      active: number
      byLevel: { red: number; yellow: number; blue: number }
      cleared: number
      clearedOnTime: number
      overdueActive: number
      clearanceRate: number | null
    }
  }
  children: ChildFigures[]
  unplaced: ChildFigures // records of this region not placed in any child
  series: {
    months: string[]
    wagesPaid: number[]
    newClues: number[]
    closedCases: number[]
    warningsRaised: number[]
    warningsCleared: number[]
    allocationDue: number[]
    allocationDone: number[]
    allocationRate: (number | null)[]
  }
}

export const getDashboard = (region?: string) => http.get<Dashboard>('/api/v1/dashboard', { region: region || undefined })

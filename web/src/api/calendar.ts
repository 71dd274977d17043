// /api/v1/calendar (region): the working-day calendar deadlines are counted with — the years it
// covers, those an administrator loaded from the State Council's notice, and the warning when next
// year (from November) or this year is missing.
import { http } from './request'

export interface LoadedYear {
  year: number
  holidays: number
  workdays: number
  source: string
  loadedBy: string
  loadedAt: string
}
export interface CalendarStatus {
  firstYear: number
  lastYear: number
  loaded: LoadedYear[]
  warning: string | null
}
export interface NewCalendarYear {
  year: number
  holidays: string[] // YYYY-MM-DD
  workdays: string[] // 调休上班 (weekend days worked)
  source: string
}

export const getCalendar = () => http.get<CalendarStatus>('/api/v1/calendar')
export const loadCalendarYear = (year: NewCalendarYear) => http.post<LoadedYear>('/api/v1/calendar/years', year)

// Dates as people paste them from the notice: "2027-01-01", "2027/1/1" or "1月1日" (with the year
// given), separated by spaces, commas, 、 or lines; ranges "2月5日至11日" / "2027-02-05~2027-02-11".
// Returns the dates in order and the pieces it could not read.
export function parseDates(text: string, year: number): { dates: string[]; unreadable: string[] } {
  const out = new Set<string>()
  const unreadable: string[] = []
  const pad = (n: number) => String(n).padStart(2, '0')
  const iso = (y: number, m: number, d: number) => {
    const date = new Date(Date.UTC(y, m - 1, d))
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? `${y}-${pad(m)}-${pad(d)}` : null
  }
  const one = (piece: string): [number, number, number] | null => {
    let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(piece)
    if (m) return [Number(m[1]), Number(m[2]), Number(m[3])]
    m = /^(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日?$/.exec(piece)
    if (m) return [m[1] ? Number(m[1]) : year, Number(m[2]), Number(m[3])]
    return null
  }
  for (const raw of text.split(/[\s,，、;；]+/).filter(Boolean)) {
    const range = /^(.+?)(?:至|到|~|—|–)(.+)$/.exec(raw)
    if (range) {
      const from = one(range[1]!)
      // "2月5日至11日": the end may give only the day.
      const to = one(range[2]!) ?? (from && /^(\d{1,2})日?$/.test(range[2]!) ? [from[0], from[1], Number(/^(\d{1,2})/.exec(range[2]!)![1])] as [number, number, number] : null)
      if (!from || !to) { unreadable.push(raw); continue }
      const start = new Date(Date.UTC(from[0], from[1] - 1, from[2]))
      const end = new Date(Date.UTC(to[0], to[1] - 1, to[2]))
      if (end < start || (end.getTime() - start.getTime()) / 86_400_000 > 31) { unreadable.push(raw); continue }
      for (let d = start; d <= end; d = new Date(d.getTime() + 86_400_000)) out.add(d.toISOString().slice(0, 10))
      continue
    }
    const date = one(raw)
    const text = date ? iso(...date) : null
    if (text) out.add(text)
    else unreadable.push(raw)
  }
  return { dates: [...out].sort(), unreadable }
}

// Which years deadlines are counted in (every signed-in role may read it).
export interface CalendarCoverage {
  firstYear: number
  lastYear: number
}
export const getCalendarCoverage = () => http.get<CalendarCoverage>('/api/v1/calendar/coverage')

// A deadline (YYYY-MM-DD) outside the covered years was counted with weekends only: it may move
// once that year's holidays are loaded.
export function deadlineMayMove(date: string | null | undefined, coverage: CalendarCoverage | null): boolean {
  if (!date || !coverage) return false
  const year = Number(date.slice(0, 4))
  return Number.isFinite(year) && (year > coverage.lastYear || year < coverage.firstYear)
}

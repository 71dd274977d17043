// /api/v1/parameters: per-region business parameters. The effective value comes from the nearest
// region that set it, else the platform, else the built-in default (`source`).
import { http } from './request'

export interface Parameter {
  key: string
  label: string
  group: string
  type: string // "int", "days", "percent", "fen", "text", … (integers unless "text"-like)
  min: number
  max: number
  defaultValue: number | string
  note: string
  value: number | string
  source: string // "default", "platform" or the region code that set it
  overridden: boolean // set at exactly this region
  sourceRegionCode: string | null
  updatedAt: string | null
  updatedBy: string | null
}

export const listParameters = (regionCode: string) =>
  http.get<{ regionCode: string; items: Parameter[] }>('/api/v1/parameters', { regionCode }).then((r) => r.items)
export const setParameter = (key: string, regionCode: string, value: number | string) =>
  http.put<Parameter>(`/api/v1/parameters/${encodeURIComponent(key)}`, { regionCode, value })
export const resetParameter = (key: string, regionCode: string) =>
  http.del<Parameter>(`/api/v1/parameters/${encodeURIComponent(key)}`, { regionCode })

// GET /api/v1/regions?parent=… (children; provinces without parent) and GET /api/v1/regions/{code}.
import { http } from './request'

export interface Division {
  code: string
  name: string
  level: number // 1 province, 2 city, 3 county, 4 town
  parentCode: string | null
}

export const listRegions = (parent?: string) =>
  http.get<{ items: Division[] }>('/api/v1/regions', { parent }).then((r) => r.items)
export const getRegion = (code: string) => http.get<Division>(`/api/v1/regions/${encodeURIComponent(code)}`)

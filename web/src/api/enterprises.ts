// /api/v1/enterprises (registry): enterprises by 统一社会信用代码; the contact phone comes masked.
import { http, type Paged } from './request'

export interface Enterprise {
  id: string
  creditCode: string
  creditCodeValid: boolean
  creditCodeWarning: string | null
  name: string
  legalRepresentative: string
  regionCode: string
  kind: string
  qualification: string
  address: string
  contactName: string
  contactPhone: string | null
  createdAt: string
  updatedAt: string
}

export const listEnterprises = (q: { q?: string; kind?: string; regionCode?: string; page?: number; pageSize?: number }) =>
  http.get<Paged<Enterprise>>('/api/v1/enterprises', q)
export const getEnterprise = (id: string) => http.get<Enterprise>(`/api/v1/enterprises/${encodeURIComponent(id)}`)

export interface EnterpriseInput {
  creditCode?: string // on registration only: the key, never changed
  name: string
  kind: string
  regionCode: string
  legalRepresentative?: string
  qualification?: string
  address?: string
  contactName?: string
  contactPhone?: string // "" clears it on an edit
}
export const createEnterprise = (input: EnterpriseInput) => http.post<Enterprise>('/api/v1/enterprises', input)
export const updateEnterprise = (id: string, patch: Partial<EnterpriseInput>) =>
  http.patch<Enterprise>(`/api/v1/enterprises/${encodeURIComponent(id)}`, patch)

// /api/v1/workers (registry): real-name workers. ID number, phone and bank card arrive masked
// unless the role may unmask and asks (?reveal=true, audited).
import { http, type Paged } from './request'

export interface Worker {
  id: string
  name: string
  idCardType: string
  idNumber: string
  birthDate: string
  sex: 'M' | 'F' | string
  nativeRegionCode: string
  overAge: boolean
  phone: string | null
  bankCard: string | null
  bankName: string | null
  workType: string | null
  workTypeName: string | null
  photoRef: string | null
  revealed: boolean
  createdAt: string
  updatedAt: string
}

export const listWorkers = (q: { projectId?: string; q?: string; idNumber?: string; page?: number; pageSize?: number }) =>
  http.get<Paged<Worker>>('/api/v1/workers', q)
export const getWorker = (id: string, reveal = false) =>
  http.get<Worker>(`/api/v1/workers/${encodeURIComponent(id)}`, { reveal: reveal ? 'true' : undefined })

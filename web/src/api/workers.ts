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

export interface NewWorker {
  name: string
  idNumber: string
  phone?: string
  bankCard?: string
  bankName?: string
  workType?: string
}
// 201: a new person; 200: an existing person (same ID number and registered name) linked to the
// caller's enterprise. A person the caller already sees: 409 with fields.existingWorkerId.
export const createWorker = (input: NewWorker) => http.post<Worker>('/api/v1/workers', input)
export const listWorkTypes = () => http.get<{ items: { code: string; name: string }[] }>('/api/v1/work-types').then((r) => r.items)

// Absent fields are not changed; "" clears an optional one.
export const updateWorker = (id: string, patch: Partial<NewWorker>) =>
  http.patch<Worker>(`/api/v1/workers/${encodeURIComponent(id)}`, patch)

// /api/v1/departments: the supervising departments of each region.
import { http, type Paged } from './request'

export type DepartmentKind = 'hrss' | 'housing' | 'transport' | 'water' | 'development' | 'sasac' | 'finance' | 'other'

export interface Department {
  id: string
  regionCode: string
  kind: DepartmentKind
  name: string
  phone: string | null
  createdAt: string
  updatedAt: string
}

export interface NewDepartment {
  regionCode: string
  kind: DepartmentKind
  name: string
  phone?: string
}

export interface DepartmentPatch {
  name?: string
  phone?: string | null
}

export const listDepartments = (q: { regionCode?: string; kind?: string; page?: number; pageSize?: number }) =>
  http.get<Paged<Department>>('/api/v1/departments', q)
export const createDepartment = (input: NewDepartment) => http.post<Department>('/api/v1/departments', input)
export const updateDepartment = (id: string, patch: DepartmentPatch) =>
  http.patch<Department>(`/api/v1/departments/${encodeURIComponent(id)}`, patch)
export const getDepartment = (id: string) => http.get<Department>(`/api/v1/departments/${encodeURIComponent(id)}`)

// /api/v1/projects (registry): projects in the caller's scope, their status history, participants,
// teams and 五员 staff.
import { http, type Paged } from './request'

export interface Project {
  id: string
  code: string
  name: string
  regionCode: string
  address: string
  lng: number | null
  lat: number | null
  industry: string
  isConstruction: boolean
  investmentType: string
  contractPrice: number // fen
  contractSignedOn: string | null
  contractStartOn: string | null
  contractEndOn: string | null
  laborCostCycle: string
  laborCostDay: number | null
  laborCostRatioBp: number | null
  laborCostAmount: number | null
  permitNumber: string | null
  permitOn: string | null
  status: string
  statusLabel: string
  statusOn: string
  publicToken: string
  constructionUnitId: string | null
  generalContractorId: string | null
  createdAt: string
  updatedAt: string
  /** Highest level among the project's open warnings; null when it has none. */
  openWarningLevel: WarningLevel | null
  openWarnings: number
}

export type WarningLevel = 'red' | 'yellow' | 'blue'
/** Project list filter on open warnings: a level is the highest open one; any / none. */
export type ProjectWarningFilter = WarningLevel | 'any' | 'none'

export interface StatusChange {
  id: string
  fromStatus: string | null
  toStatus: string
  toStatusLabel: string
  changedOn: string
  reason: string
  actorId: string
  createdAt: string
}

export interface Participant {
  enterpriseId: string
  roleCode: string
  joinedOn: string | null
  leftOn: string | null
  enterpriseName: string
  creditCode: string
}

export interface Team {
  id: string
  projectId: string
  enterpriseId: string
  name: string
  leaderName: string
  leaderWorkerId: string | null
  createdAt: string
}

export interface StaffReport {
  items: { duty: string; name: string; phone: string | null; userId: string | null; updatedAt: string }[]
  missing: string[]
  complete: boolean
}

export interface ProjectFilter {
  regionCode?: string
  industry?: string
  status?: string
  q?: string
  warning?: ProjectWarningFilter | ''
  page?: number
  pageSize?: number
}

const base = (id: string) => `/api/v1/projects/${encodeURIComponent(id)}`
export const listProjects = (filter: ProjectFilter) => http.get<Paged<Project>>('/api/v1/projects', { ...filter })
export const getProject = (id: string) => http.get<Project>(base(id))
export const projectStatusHistory = (id: string) =>
  http.get<{ items: StatusChange[] }>(`${base(id)}/status-history`).then((r) => r.items)
export const projectParticipants = (id: string) =>
  http.get<{ items: Participant[] }>(`${base(id)}/participants`).then((r) => r.items)
export const projectTeams = (id: string) => http.get<{ items: Team[] }>(`${base(id)}/teams`).then((r) => r.items)
export const projectStaff = (id: string) => http.get<StaffReport>(`${base(id)}/staff`)
export const changeProjectStatus = (id: string, input: { status: string; changedOn: string; reason: string }) =>
  http.post<Project>(`${base(id)}/status`, input)

// The project's register entry as a form sends it: amounts in fen, the labor-cost clause as a ratio in
// basis points or a fixed monthly amount, the permit (construction) or service contract number.
export interface ProjectInput {
  code?: string // on creation only
  name: string
  regionCode: string
  address?: string
  industry: string
  isConstruction: boolean
  investmentType: string
  contractPrice?: number
  contractSignedOn?: string
  contractStartOn?: string
  contractEndOn?: string
  laborCostDay?: number
  laborCostRatioBp?: number
  laborCostAmount?: number
  permitNumber?: string
  permitOn?: string
  participantRole?: string // enterprise users: 009 总承包 or 008 建设单位
}
export const createProject = (input: ProjectInput) => http.post<Project>('/api/v1/projects', input)
export const updateProject = (id: string, patch: Partial<ProjectInput>) => http.patch<Project>(base(id), patch)

// 五员: the whole group at once. A phone left out keeps the one on file for the same person in the
// same duty; "" clears it.
export interface StaffInput {
  duty: string
  name: string
  phone?: string
}
export const setProjectStaff = (id: string, staff: StaffInput[]) => http.put<StaffReport>(`${base(id)}/staff`, { staff })
export interface ParticipantInput {
  enterpriseId: string
  roleCode: string
  joinedOn?: string
  leftOn?: string
}
export const setProjectParticipants = (id: string, participants: ParticipantInput[]) =>
  http.put<{ items: Participant[] }>(`${base(id)}/participants`, { participants }).then((r) => r.items)
export const createTeam = (id: string, input: { enterpriseId: string; name: string; leaderName?: string }) =>
  http.post<Team>(`${base(id)}/teams`, input)

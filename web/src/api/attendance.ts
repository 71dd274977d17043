// Attendance day summaries (registry) and a project's labor contracts with entry / exit.
import { http } from './request'

export interface AttendanceDay {
  workerId: string
  workerName: string
  workDate: string
  firstInAt: string | null
  lastOutAt: string | null
  minutes: number
  counted: boolean
  punches: number
  outsideFence: number
}

export interface AttendanceSummary {
  workerId: string
  workerName: string
  daysPresent: number
  daysCounted: number
  minutes: number
  punches: number
  outsideFence: number
}

export interface Contract {
  id: string
  workerId: string
  projectId: string
  employerId: string
  teamId: string | null
  kind: string
  startOn: string
  endOn: string | null
  wageType: string
  wageRate: number
  signedOn: string
  enteredOn: string | null
  exitedOn: string | null
}

const project = (id: string) => `/api/v1/projects/${encodeURIComponent(id)}`
export const attendanceDays = (projectId: string, month: string) =>
  http.get<{ items: AttendanceDay[] }>(`${project(projectId)}/attendance`, { month }).then((r) => r.items)
export const attendanceSummary = (projectId: string, month: string) =>
  http.get<{ items: AttendanceSummary[] }>(`${project(projectId)}/attendance/summary`, { month }).then((r) => r.items)
export const projectContracts = (projectId: string) =>
  http.get<{ items: Contract[] }>(`${project(projectId)}/contracts`).then((r) => r.items)
export const recordEntry = (contractId: string, onDate: string) =>
  http.post<Contract>(`/api/v1/contracts/${encodeURIComponent(contractId)}/entry`, { onDate })
export const recordExit = (contractId: string, onDate: string) =>
  http.post<Contract>(`/api/v1/contracts/${encodeURIComponent(contractId)}/exit`, { onDate })

export const CONTRACT_KIND_LABELS: Record<string, string> = { labor_contract: '劳动合同', employment_agreement: '用工协议' }
export const WAGE_TYPE_LABELS: Record<string, string> = { daily: '计日', monthly: '计月', piece: '计件' }

export interface NewContract {
  workerId: string
  employerId: string
  teamId?: string
  kind: string
  startOn: string
  endOn?: string
  wageType: string
  wageRate: number // fen per day / month / piece
  signedOn: string
}
export const createContract = (projectId: string, input: NewContract) =>
  http.post<Contract>(`/api/v1/projects/${encodeURIComponent(projectId)}/contracts`, input)

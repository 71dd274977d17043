// /api/v1/imports (registry): bulk CSV/XLSX imports of enterprises, workers with contracts and
// attendance. An upload answers 202 with a job at once; the console polls it until it is done or
// failed, then offers the per-row error report (行号, 字段, 原因) as CSV or XLSX.
import { http, requestBlob, requestUpload, type Paged } from './request'

export type ImportKind = 'enterprises' | 'workers' | 'attendance'
export type ImportStatus = 'queued' | 'running' | 'done' | 'failed'

export const IMPORT_KIND_LABELS: Record<ImportKind, string> = {
  enterprises: '企业',
  workers: '工人及合同',
  attendance: '考勤',
}

export interface ImportJob {
  id: string
  kind: ImportKind
  fileName: string
  fileSha256: string
  fileSize: number
  status: ImportStatus
  message: string | null
  rowsTotal: number
  rowsDone: number
  created: number
  updated: number
  unchanged: number
  failed: number
  createdBy: string
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
}

export interface ImportRowError {
  row: number
  field: string
  reason: string
}

export const uploadImport = (kind: ImportKind, file: File) =>
  requestUpload<ImportJob>('/api/v1/imports', file, { kind, fileName: file.name })
export const getImport = (id: string) => http.get<ImportJob>(`/api/v1/imports/${encodeURIComponent(id)}`)
export const listImports = (q: { page?: number; pageSize?: number }) => http.get<Paged<ImportJob>>('/api/v1/imports', q)
export const importErrors = (id: string) =>
  http.get<{ items: ImportRowError[] }>(`/api/v1/imports/${encodeURIComponent(id)}/errors`)
export const downloadImportReport = (id: string, format: 'csv' | 'xlsx') =>
  requestBlob(`/api/v1/imports/${encodeURIComponent(id)}/errors`, { format })
export const downloadImportTemplate = (kind: ImportKind) => requestBlob(`/api/v1/imports/templates/${kind}`)

export const isFinished = (job: ImportJob) => job.status === 'done' || job.status === 'failed'

// 0–100 for a progress bar: rows done of rows total (100 once finished).
export function importPercent(job: ImportJob): number {
  if (isFinished(job)) return 100
  if (job.rowsTotal <= 0) return 0
  return Math.min(99, Math.floor((job.rowsDone * 100) / job.rowsTotal))
}

export interface PollOptions {
  get?: (id: string) => Promise<ImportJob>
  onProgress?: (job: ImportJob) => void
  intervalMs?: number
  sleep?: (ms: number) => Promise<void>
  // Polling stops (the promise rejects with an AbortError) when the dialog closes.
  signal?: AbortSignal
}

// Reads the job until it is done or failed, reporting every state; the interval grows to at most
// 2 s so a long import does not hammer the server. Errors of a read (network, 5xx) propagate.
export async function pollImport(job: ImportJob, options: PollOptions = {}): Promise<ImportJob> {
  const get = options.get ?? getImport
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  let interval = options.intervalMs ?? 300
  let current = job
  options.onProgress?.(current)
  while (!isFinished(current)) {
    await sleep(interval)
    if (options.signal?.aborted) throw new DOMException('导入进度查询已停止', 'AbortError')
    current = await get(job.id)
    options.onProgress?.(current)
    interval = Math.min(2000, Math.round(interval * 1.5))
  }
  return current
}

// Saves a Blob under a file name (the browser's download).
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

// /api/v1/files (files): attachments people upload — photos and scanned orders on case steps, the
// account's tripartite agreement, the notice-board photo. The server decides the type by the bytes
// (JPG, PNG, WebP, PDF, docx, xlsx) and serves every download as an attachment, audited.
import { http, requestBlob, requestUpload } from './request'
import { saveBlob } from './imports'

export type FilePurpose = 'case_attachment' | 'account_agreement' | 'notice_photo' | 'deposit_instrument' | 'credit_evidence' | 'other'

export interface StoredFile {
  id: string
  fileName: string
  contentType: string
  size: number
  sha256: string
  purpose: FilePurpose
  purposeLabel: string
  personal: boolean // only roles that may see personal data download it
  projectId: string | null
  uploadedBy: string
  createdAt: string
}

// What the upload control accepts (the server checks the bytes again).
export const ACCEPTED_FILE_TYPES = '.jpg,.jpeg,.png,.webp,.pdf,.docx,.xlsx'
export const MAX_FILE_BYTES = 10 * 1024 * 1024

export interface UploadOptions {
  purpose: FilePurpose
  projectId?: string | null
  personal?: boolean
}

export const uploadFile = (file: File, options: UploadOptions) =>
  requestUpload<StoredFile>(
    '/api/v1/files',
    file,
    { purpose: options.purpose, projectId: options.projectId ?? undefined, personal: options.personal ? 'true' : undefined },
    // Non-ASCII names travel percent-encoded in the header.
    { 'X-File-Name': encodeURIComponent(file.name), 'Content-Type': 'application/octet-stream' },
  )
export const getFile = (id: string) => http.get<StoredFile>(`/api/v1/files/${encodeURIComponent(id)}`)
export async function downloadFile(id: string, fileName: string): Promise<void> {
  saveBlob(await requestBlob(`/api/v1/files/${encodeURIComponent(id)}/content`), fileName)
}

// "1.2 MB", "350 KB".
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`
  return `${Math.max(1, Math.round(bytes / 1024))} KB`
}

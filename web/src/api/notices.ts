// Notice boards (notices): the 维权信息告示牌 of a project with its missing items, the QR code to
// the public project page and the printable board. The images and the HTML need the session, so
// they are fetched as blobs and shown through object URLs.
import { http, requestBlob } from './request'

export interface NoticeBoard {
  projectId: string
  projectCode: string
  projectName: string
  address: string
  regionCode: string
  publicUrl: string
  items: { key: string; label: string; value: string; present: boolean }[]
  missing: string[]
  // The latest photo of the board as put up on site (staff views only).
  photo: { fileId: string; fileName: string; uploadedBy: string; uploadedAt: string } | null
}

const project = (id: string) => `/api/v1/projects/${encodeURIComponent(id)}`
export const getNoticeBoard = (projectId: string) => http.get<NoticeBoard>(`${project(projectId)}/notice-board`)
export const setBoardPhoto = (projectId: string, fileId: string) =>
  http.put<NoticeBoard>(`${project(projectId)}/notice-board/photo`, { fileId })
export const qrPng = (projectId: string, size = 8) => requestBlob(`${project(projectId)}/qr.png`, { size })
export const qrSvg = (projectId: string) => requestBlob(`${project(projectId)}/qr.svg`)
export const printableBoard = (projectId: string) => requestBlob(`${project(projectId)}/notice-board.html`)

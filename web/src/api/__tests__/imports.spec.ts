import { describe, expect, it } from 'vitest'
import { importPercent, pollImport, type ImportJob } from '../imports'

const job = (patch: Partial<ImportJob>): ImportJob => ({
  id: 'J1',
  kind: 'workers',
  fileName: '工人.csv',
  fileSha256: 'x',
  fileSize: 10,
  status: 'queued',
  message: null,
  rowsTotal: 1000,
  rowsDone: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  failed: 0,
  createdBy: 'laowu',
  createdAt: '2026-03-02T09:00:00.000+08:00',
  startedAt: null,
  finishedAt: null,
  ...patch,
})

describe('pollImport', () => {
  it('reads the job until it is done, reporting each state with a growing interval', async () => {
    const states = [
      job({ status: 'running', rowsDone: 500 }),
      job({ status: 'running', rowsDone: 1000 }),
      job({ status: 'done', rowsDone: 1000, created: 998, failed: 2 }),
    ]
    const reads: string[] = []
    const waits: number[] = []
    const seen: number[] = []
    const result = await pollImport(job({}), {
      get: async (id) => {
        reads.push(id)
        return states.shift()!
      },
      sleep: async (ms) => {
        waits.push(ms)
      },
      onProgress: (j) => seen.push(importPercent(j)),
      intervalMs: 300,
    })
    expect(result.status).toBe('done')
    expect(result.failed).toBe(2)
    expect(reads).toEqual(['J1', 'J1', 'J1'])
    expect(waits).toEqual([300, 450, 675])
    // 99 at most while running: the bar reaches 100 only when the job is finished.
    expect(seen).toEqual([0, 50, 99, 100])
  })

  it('stops at a failed job and does not poll a finished one', async () => {
    let reads = 0
    const failed = await pollImport(job({ status: 'running' }), {
      get: async () => {
        reads++
        return job({ status: 'failed', message: '服务停止，导入中断' })
      },
      sleep: async () => {},
    })
    expect(failed.message).toBe('服务停止，导入中断')
    expect(reads).toBe(1)
    const done = await pollImport(job({ status: 'done' }), {
      get: async () => {
        throw new Error('must not read')
      },
    })
    expect(done.status).toBe('done')
  })

  it('stops when the dialog closes', async () => {
    const controller = new AbortController()
    const promise = pollImport(job({}), {
      get: async () => job({ status: 'running' }),
      sleep: async () => {
        controller.abort()
      },
      signal: controller.signal,
    })
    await expect(promise).rejects.toThrow('导入进度查询已停止')
  })

  it('passes a read error on', async () => {
    await expect(
      pollImport(job({}), {
        get: async () => {
          throw new Error('无法连接服务器')
        },
        sleep: async () => {},
      }),
    ).rejects.toThrow('无法连接服务器')
  })
})

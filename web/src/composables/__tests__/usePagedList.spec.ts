// The paged list keeps filters and page in the URL, pages on the server, and keeps the error with a
// retry; only the newest answer is shown.
import { describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import { ApiError, type Paged } from '@/api/request'
import { filterParams, usePagedList } from '../usePagedList'

const page = () => Promise.resolve({})

async function routerAt(path: string) {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', component: page }] })
  await router.push(path)
  await router.isReady()
  return router
}

const answer = (items: string[], total = items.length): Paged<string> => ({ items, total, page: 1, pageSize: 20 })
const settle = () => new Promise((r) => setTimeout(r, 0))

describe('usePagedList', () => {
  it('reads filters and page from the URL, typed like the defaults, and sends them', async () => {
    const router = await routerAt('/projects?q=%E5%8E%86%E4%B8%8B&status=suspended&page=3&pageSize=50&tab=x&bad=1')
    const fetch = vi.fn().mockResolvedValue(answer(['a', 'b'], 102))
    const list = usePagedList({ filters: { q: '', status: '', overdue: false }, fetch, router, extra: () => ({ regionCode: '370102' }) })
    await settle()
    expect(list.filters).toEqual({ q: '历下', status: 'suspended', overdue: false })
    expect(list.page).toBe(3)
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(fetch.mock.calls[0][0]).toEqual({ regionCode: '370102', q: '历下', status: 'suspended', page: 3, pageSize: 50 })
    expect(list.rows).toEqual(['a', 'b'])
    expect(list.total).toBe(102)
    expect(list.loading).toBe(false)
  })

  it('a search goes to page 1 and writes only non-default filters into the URL, keeping other keys', async () => {
    const router = await routerAt('/warnings?page=4&tab=history')
    const fetch = vi.fn().mockResolvedValue(answer([]))
    const list = usePagedList({ filters: { level: '', q: '', overdue: false as boolean }, fetch, router })
    await settle()
    list.filters.level = 'red'
    list.filters.q = '  '
    list.filters.overdue = true
    await list.search()
    expect(router.currentRoute.value.query).toEqual({ tab: 'history', level: 'red', overdue: 'true' })
    expect(fetch).toHaveBeenCalledTimes(2)
    expect(fetch.mock.calls[1][0]).toEqual({ level: 'red', overdue: true, page: 1, pageSize: 20 })
    await settle()
    expect(fetch).toHaveBeenCalledTimes(2) // the URL change it made itself does not load again
  })

  it('follows the back button', async () => {
    const router = await routerAt('/warnings')
    const fetch = vi.fn().mockResolvedValue(answer([]))
    const list = usePagedList({ filters: { level: '' }, fetch, router })
    await settle()
    list.filters.level = 'red'
    await list.search()
    list.page = 2
    await list.load()
    expect(router.currentRoute.value.query).toEqual({ level: 'red', page: '2' })
    router.back()
    await settle()
    await nextTick()
    await settle()
    expect(list.page).toBe(1)
    expect(list.filters.level).toBe('red')
    expect(fetch.mock.calls.at(-1)![0]).toEqual({ level: 'red', page: 1, pageSize: 20 })
  })

  it('keeps the error message and loads again on retry', async () => {
    const router = await routerAt('/workers')
    const fetch = vi
      .fn()
      .mockRejectedValueOnce(new ApiError(503, 'unavailable', '数据库暂时不可用'))
      .mockResolvedValueOnce(answer(['w1']))
    const list = usePagedList({ filters: { q: '' }, fetch, router })
    await settle()
    expect(list.error).toBe('数据库暂时不可用')
    expect(list.rows).toEqual([])
    await list.retry()
    expect(list.error).toBe('')
    expect(list.rows).toEqual(['w1'])
  })

  it('shows only the newest answer when an older request returns last', async () => {
    let resolveFirst!: (v: Paged<string>) => void
    const fetch = vi
      .fn()
      .mockImplementationOnce(() => new Promise<Paged<string>>((r) => (resolveFirst = r)))
      .mockResolvedValueOnce(answer(['new']))
    const list = usePagedList({ filters: { q: '' }, fetch, syncUrl: false })
    list.filters.q = 'x'
    await list.search()
    resolveFirst(answer(['old']))
    await settle()
    expect(list.rows).toEqual(['new'])
    expect(list.loading).toBe(false)
  })

  it('a cleared filter whose default is not empty stays cleared after a reload', async () => {
    const router = await routerAt('/warnings')
    const fetch = vi.fn().mockResolvedValue(answer([]))
    const list = usePagedList({ filters: { status: 'active' }, fetch, router })
    await settle()
    expect(fetch.mock.calls[0][0]).toEqual({ status: 'active', page: 1, pageSize: 20 })
    list.filters.status = ''
    await list.search()
    expect(router.currentRoute.value.query).toEqual({ status: '' })
    expect(fetch.mock.calls[1][0]).toEqual({ page: 1, pageSize: 20 })
    const again = usePagedList({ filters: { status: 'active' }, fetch, router })
    await settle()
    expect(again.filters.status).toBe('')
  })

  it('reset restores the defaults', async () => {
    const router = await routerAt('/audit?entity=user&page=2')
    const fetch = vi.fn().mockResolvedValue(answer([]))
    const list = usePagedList({ filters: { entity: '', dates: [] as string[] }, fetch, router })
    await settle()
    expect(list.filters.entity).toBe('user')
    await list.reset()
    expect(list.filters).toEqual({ entity: '', dates: [] })
    expect(router.currentRoute.value.query).toEqual({})
  })
})

describe('filterParams', () => {
  it('sends defaults but drops blanks and untouched booleans, trims text, joins arrays', () => {
    expect(
      filterParams(
        { q: ' a ', s: '', st: 'active', n: 0, b: false, t: true, d: ['2026-01-01', '2026-01-31'], e: [] },
        { q: '', s: '', st: 'active', n: 0, b: false, t: false, d: [], e: [] },
      ),
    ).toEqual({ q: 'a', st: 'active', n: 0, t: true, d: '2026-01-01,2026-01-31' })
  })
})

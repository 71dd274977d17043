// One server-paged list: filters mirrored in the URL query (so a list can be bookmarked, shared and
// restored by the back button), the page and page size, loading, and the last error with a retry.
// Every list page uses it instead of its own filter + table + pager code.
//
//   const list = usePagedList({ filters: { q: '', status: '' }, fetch: (p) => listProjects(p) })
//   <el-form @submit.prevent="list.search()"> … v-model="list.filters.q"
//   <el-table v-loading="list.loading" :data="list.rows">  <el-pagination v-model:current-page="list.page" …
//
// Filter types follow their defaults: string, number, boolean or string[] (repeated keys). A value
// equal to its default stays out of the URL; blank values stay out of the request.
import { reactive, ref, watch, type Ref, type UnwrapRef } from 'vue'
import { useRouter, type LocationQuery, type LocationQueryRaw, type Router } from 'vue-router'
import { errorMessage, type Paged, type Query } from '@/api/request'

export type FilterValue = string | number | boolean | string[] | null
export type Filters = Record<string, FilterValue>

export interface PagedListOptions<T, F extends Filters> {
  filters: F
  fetch: (params: Query & { page: number; pageSize: number }, filters: F) => Promise<Paged<T>>
  // Request parameters that are not filters of this page (the selected region from the store).
  extra?: () => Query
  pageSize?: number
  // Mirror filters and page in the URL query (default true). Lists inside a tab pass false.
  syncUrl?: boolean
  // Filters never put in the URL (personal data such as a full ID number: browser history).
  privateFilters?: string[]
  // Load at once (default true).
  immediate?: boolean
  // Default: the app's router (useRouter); tests pass a memory router.
  router?: Router
}

const PAGE = 'page'
const PAGE_SIZE = 'pageSize'

function sameValue(a: FilterValue, b: FilterValue): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return JSON.stringify(a ?? []) === JSON.stringify(b ?? [])
  return a === b
}

// The value of a URL query entry typed like the filter's default; undefined when absent or malformed.
function parseValue(raw: LocationQuery[string] | undefined, fallback: FilterValue): FilterValue | undefined {
  if (raw === undefined || raw === null) return undefined
  const list = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string')
  if (Array.isArray(fallback)) return list
  const text = list[0]
  if (text === undefined) return undefined
  if (typeof fallback === 'number') {
    const n = Number(text)
    return Number.isFinite(n) ? n : undefined
  }
  if (typeof fallback === 'boolean') return text === 'true' ? true : text === 'false' ? false : undefined
  return text
}

// The request parameters: every filter with a value (defaults included: the server has its own),
// trimmed strings, arrays joined by commas; blanks and a boolean left at its default are not sent.
export function filterParams(filters: Filters, defaults: Filters): Query {
  const out: Query = {}
  for (const [key, value] of Object.entries(filters)) {
    if (value === null || (typeof value === 'boolean' && value === defaults[key])) continue
    if (Array.isArray(value)) {
      if (value.length > 0) out[key] = value.join(',')
    } else if (typeof value === 'string') {
      const text = value.trim()
      if (text) out[key] = text
    } else {
      out[key] = value
    }
  }
  return out
}

export function usePagedList<T, F extends Filters>(options: PagedListOptions<T, F>) {
  const defaults = structuredClone(options.filters) as F
  const defaultPageSize = options.pageSize ?? 20
  const syncUrl = options.syncUrl ?? true
  const router = syncUrl ? (options.router ?? useRouter()) : undefined

  const filters = reactive(structuredClone(defaults)) as UnwrapRef<F>
  const rows = ref<T[]>([]) as Ref<T[]>
  const total = ref(0)
  const page = ref(1)
  const pageSize = ref(defaultPageSize)
  const loading = ref(false)
  const error = ref('')
  let sequence = 0 // only the newest request may set the rows

  const privateKeys = new Set(options.privateFilters ?? [])
  const urlKeys = Object.keys(defaults).filter((k) => !privateKeys.has(k))
  const ownKeys = [...urlKeys, PAGE, PAGE_SIZE]

  // This list's part of the URL query, as the URL would hold it.
  function toQuery(): LocationQueryRaw {
    const q: LocationQueryRaw = {}
    const current = filters as unknown as Filters
    for (const key of urlKeys) {
      const raw = current[key]
      const value = typeof raw === 'string' ? raw.trim() : raw
      // "" stays in the URL when the default is not "" (status: "active" by default, "" = all).
      if (sameValue(value, defaults[key]) || value === null) continue
      q[key] = Array.isArray(value) ? [...value] : String(value)
    }
    if (page.value !== 1) q[PAGE] = String(page.value)
    if (pageSize.value !== defaultPageSize) q[PAGE_SIZE] = String(pageSize.value)
    return q
  }

  const ownSnapshot = (query: LocationQuery | LocationQueryRaw) =>
    JSON.stringify(ownKeys.map((k) => query[k] ?? null))

  function fromQuery(query: LocationQuery) {
    const current = filters as unknown as Filters
    for (const key of urlKeys) {
      const parsed = parseValue(query[key], defaults[key])
      current[key] = parsed === undefined ? structuredClone(defaults[key]) : parsed
    }
    const p = Number(query[PAGE])
    page.value = Number.isInteger(p) && p >= 1 ? p : 1
    const size = Number(query[PAGE_SIZE])
    pageSize.value = Number.isInteger(size) && size >= 1 && size <= 500 ? size : defaultPageSize
  }

  async function fetchNow() {
    const mine = ++sequence
    loading.value = true
    error.value = ''
    try {
      const params = {
        ...(options.extra?.() ?? {}),
        ...filterParams(filters as unknown as Filters, defaults),
        page: page.value,
        pageSize: pageSize.value,
      }
      const result = await options.fetch(params, filters as unknown as F)
      if (mine !== sequence) return
      rows.value = result.items
      total.value = result.total
    } catch (e) {
      if (mine !== sequence) return
      error.value = errorMessage(e)
    } finally {
      if (mine === sequence) loading.value = false
    }
  }

  // Puts the state into the URL (the route watcher then loads) or loads directly.
  async function load() {
    if (router) {
      const current = router.currentRoute.value
      const wanted = toQuery()
      if (ownSnapshot(current.query) !== ownSnapshot(wanted)) {
        const others = Object.fromEntries(Object.entries(current.query).filter(([k]) => !ownKeys.includes(k)))
        lastApplied = ownSnapshot(wanted)
        await router.push({ path: current.path, query: { ...others, ...wanted }, hash: current.hash })
      }
    }
    await fetchNow()
  }

  // A new search starts at page 1.
  function search() {
    page.value = 1
    return load()
  }

  function reset() {
    Object.assign(filters as object, structuredClone(defaults))
    return search()
  }

  const retry = () => fetchNow()

  let lastApplied = ''
  if (router) {
    fromQuery(router.currentRoute.value.query)
    lastApplied = ownSnapshot(router.currentRoute.value.query)
    // Back/forward or a link changed this list's part of the URL: follow it.
    watch(
      () => router.currentRoute.value,
      (route, previous) => {
        if (previous && route.path !== previous.path) return // leaving the page
        const snapshot = ownSnapshot(route.query)
        if (snapshot === lastApplied) return
        lastApplied = snapshot
        fromQuery(route.query)
        void fetchNow()
      },
    )
  }
  if (options.immediate ?? true) void fetchNow()

  return reactive({ filters, rows, total, page, pageSize, loading, error, load, search, reset, retry })
}

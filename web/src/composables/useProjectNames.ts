// Project names for rows that carry only a project id (warnings): fetched once per id and shared by
// every page of the session; an id outside the caller's scope keeps showing the id.
import { reactive } from 'vue'
import { getProject } from '@/api/projects'

const names = reactive<Record<string, string>>({})
const pending = new Set<string>()

export function useProjectNames() {
  function want(ids: Iterable<string | null | undefined>) {
    for (const id of ids) {
      if (!id || id in names || pending.has(id)) continue
      pending.add(id)
      getProject(id)
        .then((p) => (names[id] = p.name))
        .catch(() => (names[id] = ''))
        .finally(() => pending.delete(id))
    }
  }
  const nameOf = (id: string | null | undefined) => (id ? names[id] || '' : '')
  return { want, nameOf }
}

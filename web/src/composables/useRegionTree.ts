// The region tree as a lazy Element Plus cascader: it starts at the user's own region (their scope,
// or every province for platform users) and loads children on demand from GET /api/v1/regions?parent=….
// Any level may be chosen. `names` remembers every division seen, for labels.
import type { CascaderOption, CascaderProps } from 'element-plus'
import { ElMessage } from 'element-plus'
import { getRegion, listRegions, type Division } from '@/api/regions'
import { errorMessage } from '@/api/request'
import { useAuthStore } from '@/stores/auth'

export function useRegionTree(): { props: CascaderProps; names: Map<string, string> } {
  const auth = useAuthStore()
  const names = new Map<string, string>()
  const toOption = (d: Division): CascaderOption => ({ value: d.code, label: d.name, leaf: d.level >= 4 })
  const props: CascaderProps = {
    lazy: true,
    checkStrictly: true,
    emitPath: true,
    async lazyLoad(node, resolve) {
      try {
        let items: Division[]
        if (node.level === 0) {
          const scope = auth.user?.regionCode ?? ''
          items = scope ? [await getRegion(scope)] : await listRegions()
        } else {
          items = await listRegions(String(node.value))
        }
        for (const d of items) names.set(d.code, d.name)
        resolve(items.map(toOption))
      } catch (e) {
        ElMessage.error('加载行政区划失败：' + errorMessage(e))
        resolve([])
      }
    },
  }
  return { props, names }
}

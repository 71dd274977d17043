// Server field errors shown beside the form items they name: bind `:error="serverErrors.x"` on
// each el-form-item, clear before sending, apply on failure.
import { ElMessage } from 'element-plus'
import { reactive } from 'vue'
import { ApiError, errorMessage, mapFieldErrors } from '@/api/request'

export function useServerErrors(props: readonly string[], aliases: Record<string, string> = {}) {
  const errors = reactive<Record<string, string>>(Object.fromEntries(props.map((p) => [p, ''])))

  function clear() {
    for (const p of props) errors[p] = ''
  }

  // Shows the failure: field errors in place, anything else as a message.
  function apply(error: unknown) {
    const { fields, rest } = mapFieldErrors(error, props, aliases)
    for (const [prop, reason] of Object.entries(fields)) errors[prop] = reason
    const placed = Object.keys(fields).length > 0
    if (!placed || rest.length > 0) {
      const detail = rest.length > 0 && error instanceof ApiError && Object.keys(error.fields).length > 0 ? `：${rest.join('；')}` : ''
      ElMessage.error(errorMessage(error) + detail)
    }
  }

  return { errors, clear, apply }
}

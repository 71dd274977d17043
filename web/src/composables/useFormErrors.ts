// The errors of a dialog form: problems found before sending and the server's field errors shown beside
// the fields they name (anything else above the form), each cleared as soon as its field is edited.
//
//   const { errors, message, reset, fail } = useFormErrors(form)
//   if (!form.name) errors.name = '请填写名称' …  try { await save() } catch (e) { fail(e) }
import { reactive, ref, watch } from 'vue'
import { errorMessage, mapFieldErrors } from '@/api/request'

export function useFormErrors<F extends object>(form: F) {
  const errors = reactive<Record<string, string>>({})
  const message = ref('')
  for (const key of Object.keys(form) as (keyof F & string)[]) watch(() => form[key], () => delete errors[key])

  function reset() {
    for (const key of Object.keys(errors)) delete errors[key]
    message.value = ''
  }
  // The server's refusal: field errors in place (`aliases` maps a server name to a form field), the
  // rest as the message.
  function fail(error: unknown, extra: readonly string[] = [], aliases: Record<string, string> = {}) {
    const { fields, rest } = mapFieldErrors(error, [...Object.keys(form), ...extra], aliases)
    Object.assign(errors, fields)
    if (Object.keys(fields).length === 0 || rest.length > 0) message.value = errorMessage(error)
  }
  return { errors, message, reset, fail }
}

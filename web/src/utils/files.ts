// A file from the store saved by the browser, or the reason it could not be, said to the person.
import { ElMessage } from 'element-plus'
import { downloadFile } from '@/api/files'
import { errorMessage } from '@/api/request'

export async function saveStoredFile(id: string, fileName: string): Promise<void> {
  try {
    await downloadFile(id, fileName)
  } catch (e) {
    ElMessage.error(`「${fileName}」未能下载：${errorMessage(e)}`)
  }
}

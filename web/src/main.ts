import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus, { ElMessageBox } from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import 'element-plus/dist/index.css'
import './styles.css'
import App from './App.vue'
import router from './router'
import { configureClient } from './api/request'
import { useAuthStore } from './stores/auth'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(router)
app.use(ElementPlus, { locale: zhCn, size: 'default' })

const auth = useAuthStore(pinia)
let retryPrompt: Promise<boolean> | null = null
configureClient({
  getToken: () => auth.token,
  onUnauthorized: (message) => {
    auth.end(message)
    const current = router.currentRoute.value
    if (current.name !== 'login') {
      void router.push({ name: 'login', query: current.fullPath !== '/' ? { redirect: current.fullPath } : {} })
    }
  },
  // One prompt for all requests that fail together.
  confirmRetry: (message) => {
    retryPrompt ??= ElMessageBox.confirm(message, '网络异常', {
      confirmButtonText: '重试',
      cancelButtonText: '取消',
      type: 'warning',
    })
      .then(() => true)
      .catch(() => false)
      .finally(() => setTimeout(() => (retryPrompt = null)))
    return retryPrompt
  },
})

app.mount('#app')

// Builds the web application into build/web (served by `hotline serve`) with
// content-hashed bundles under assets/, split so that a page loads only
// what it uses: the framework, Element Plus and ECharts each get a chunk,
// and every page is its own lazily loaded chunk.
import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

const outDir = process.env.HOTLINE_WEB_OUT || fileURLToPath(new URL('../build/web', import.meta.url))

function vendorChunk(id) {
  if (!id.includes('node_modules')) return undefined
  if (id.includes('echarts') || id.includes('zrender')) return 'echarts'
  if (id.includes('element-plus') || id.includes('@element-plus')) return 'element-plus'
  if (/node_modules\/(vue|@vue|vue-router|pinia)\//.test(id)) return 'vue'
  return 'vendor'
}

export default defineConfig({
  plugins: [vue()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: { output: { manualChunks: vendorChunk } },
    rollupOptions: { output: { manualChunks: vendorChunk } },
  },
  server: {
    // `npm run dev` talks to a local `hotline serve` (make run).
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.js'],
  },
})

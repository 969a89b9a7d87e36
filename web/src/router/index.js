// Pages and the guard in front of them: a visitor who is not logged in goes
// to the login page (and comes back after), a page closed to the user's role
// sends them to their own home page. Every page is its own chunk.
import { createRouter, createWebHistory } from 'vue-router'
import { useAuthStore } from '@/stores/auth.js'
import { canOpen, homeFor } from '@/nav.js'

export const routes = [
  { path: '/login', name: 'login', component: () => import('@/views/LoginView.vue'), meta: { public: true } },
  {
    path: '/',
    component: () => import('@/layouts/MainLayout.vue'),
    children: [
      { path: '', name: 'home', redirect: () => '/orders' },
      { path: 'intake', name: 'intake', component: () => import('@/views/IntakeView.vue') },
      { path: 'dispatch', name: 'dispatch', component: () => import('@/views/DispatchView.vue') },
      { path: 'workbench', name: 'workbench', component: () => import('@/views/WorkbenchView.vue') },
      { path: 'review', name: 'review', component: () => import('@/views/ReviewView.vue') },
      { path: 'callback', name: 'callback', component: () => import('@/views/CallbackView.vue') },
      { path: 'orders', name: 'orders', component: () => import('@/views/OrdersView.vue') },
      { path: 'orders/:id', name: 'order', component: () => import('@/views/OrderDetailView.vue'), props: true },
      { path: 'dashboard', name: 'dashboard', component: () => import('@/views/DashboardView.vue') },
      { path: 'supervision', name: 'supervision', component: () => import('@/views/SupervisionView.vue') },
      { path: 'whistles', name: 'whistles', component: () => import('@/views/WhistlesView.vue') },
      { path: 'reports', name: 'reports', component: () => import('@/views/ReportsView.vue') },
      { path: 'hotspots', name: 'hotspots', component: () => import('@/views/HotspotsView.vue') },
      { path: 'rankings', name: 'rankings', component: () => import('@/views/RankingsView.vue') },
      { path: 'knowledge', name: 'knowledge', component: () => import('@/views/KnowledgeView.vue') },
      { path: 'dispatch-knowledge', name: 'dispatch-knowledge', component: () => import('@/views/DispatchKnowledgeView.vue') },
    ],
  },
  { path: '/:pathMatch(.*)*', name: 'missing', component: () => import('@/views/NotFoundView.vue'), meta: { public: true } },
]

export function createHotlineRouter(pinia) {
  const router = createRouter({ history: createWebHistory(), routes })
  router.beforeEach((to) => {
    const auth = useAuthStore(pinia)
    if (to.meta.public) return to.name === 'login' && auth.loggedIn ? homeFor(auth.role) : true
    if (!auth.loggedIn) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
    if (to.name === 'home') return homeFor(auth.role)
    if (!canOpen(auth.role, to.name)) return homeFor(auth.role)
    return true
  })
  // A session that ends while working (401) lands on the login page.
  const auth = useAuthStore(pinia)
  auth.$subscribe((_, state) => {
    if (!state.token && router.currentRoute.value.name !== 'login' && !router.currentRoute.value.meta.public)
      router.push({ name: 'login', query: { redirect: router.currentRoute.value.fullPath } })
  })
  return router
}

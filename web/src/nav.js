// Who sees which page: the navigation menu and the router's guard both read
// this table, so a page hidden from a role is also closed to it.

export const PLATFORM_ROLES = ['agent', 'dispatcher', 'reviewer', 'callback', 'supervisor', 'leader', 'deputy', 'admin']
export const UNIT_ROLES = ['handler', 'unit_admin']
const EVERYONE = [...PLATFORM_ROLES, ...UNIT_ROLES]
const OVERSIGHT = ['supervisor', 'leader', 'deputy', 'admin']

export const PAGES = [
  { name: 'intake', path: '/intake', title: '受理登记', icon: 'EditPen', roles: ['agent'] },
  { name: 'dispatch', path: '/dispatch', title: '派单', icon: 'Promotion', roles: ['dispatcher'] },
  { name: 'workbench', path: '/workbench', title: '承办工作台', icon: 'Briefcase', roles: UNIT_ROLES },
  { name: 'review', path: '/review', title: '审核', icon: 'Stamp', roles: ['reviewer', 'dispatcher'] },
  { name: 'callback', path: '/callback', title: '回访', icon: 'PhoneFilled', roles: ['callback'] },
  { name: 'orders', path: '/orders', title: '工单查询', icon: 'Search', roles: EVERYONE },
  // Everyone reads the knowledge base; administrators and supervisors edit it (the server decides).
  { name: 'knowledge', path: '/knowledge', title: '知识库', icon: 'Reading', roles: EVERYONE },
  { name: 'dashboard', path: '/dashboard', title: '数据大屏', icon: 'DataLine', roles: [...OVERSIGHT, 'dispatcher'] },
  { name: 'supervision', path: '/supervision', title: '督办中心', icon: 'Flag', roles: ['supervisor', 'leader', 'admin', ...UNIT_ROLES] },
  { name: 'whistles', path: '/whistles', title: '吹哨报到', icon: 'Notification', roles: [...UNIT_ROLES, 'supervisor', 'leader'] },
  // The server lets supervisors, leaders, deputies and administrators read reports (not dispatchers).
  { name: 'reports', path: '/reports', title: '报表', icon: 'Document', roles: ['leader', 'deputy', 'supervisor', 'admin'] },
  // Surges, text clusters and 治理专题; supervisors and administrators send 预警函 (the server decides).
  { name: 'hotspots', path: '/hotspots', title: '热点与专题', icon: 'TrendCharts', roles: ['leader', 'supervisor', 'dispatcher', 'admin'] },
  { name: 'rankings', path: '/rankings', title: '考核排名', icon: 'Trophy', roles: [...OVERSIGHT, ...UNIT_ROLES] },
  // What the 智能派单建议 rest on (权责清单, 地名库, models): administrators only.
  { name: 'dispatch-knowledge', path: '/dispatch-knowledge', title: '派单知识', icon: 'Guide', roles: ['admin'] },
]

export function pagesFor(role) {
  return PAGES.filter((p) => p.roles.includes(role))
}

export function canOpen(role, pageName) {
  const page = PAGES.find((p) => p.name === pageName)
  return !page || page.roles.includes(role)
}

// Where a role lands after logging in: its main working page.
export function homeFor(role) {
  const first = {
    agent: 'intake',
    dispatcher: 'dispatch',
    reviewer: 'review',
    callback: 'callback',
    handler: 'workbench',
    unit_admin: 'workbench',
  }[role]
  const name = first || (OVERSIGHT.includes(role) ? 'dashboard' : 'orders')
  return PAGES.find((p) => p.name === name).path
}

// Who may create, edit and delete knowledge articles (the server's rule too).
export function mayEditKnowledge(role) {
  return role === 'admin' || role === 'supervisor'
}

// Who may send a hot spot's 预警函, and who may set up and edit 治理专题 (the server's rules too).
export function mayWarnHotspot(role) {
  return role === 'supervisor' || role === 'admin'
}
export function mayEditTopics(role) {
  return role === 'supervisor' || role === 'leader' || role === 'admin'
}

export function isUnitRole(role) {
  return UNIT_ROLES.includes(role)
}

// Turns an API failure into what staff read: the server's Chinese message
// when it sent one, else a Chinese sentence for the status, plus the field at
// fault so forms can mark it.

export class ApiError extends Error {
  constructor(status, code, message, field = '') {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
  }
}

const byStatus = {
  0: '无法连接服务器，请检查网络后重试',
  400: '请求内容有误',
  401: '登录已失效，请重新登录',
  403: '没有权限执行此操作',
  404: '未找到相应内容',
  405: '不支持的操作',
  409: '工单已被他人处理或状态已变化，请刷新后重试',
  413: '提交的内容过大',
  422: '不符合业务规则',
  500: '服务器内部错误，请联系技术人员',
  503: '服务器暂不可用，请稍后重试',
}

// Field names shown beside a message ("字段：…").
const fieldNames = {
  title: '标题',
  content: '诉求内容',
  category_id: '诉求分类',
  caller_phone: '来电号码',
  caller_name: '来电人',
  address: '地址',
  street_unit_id: '所属街道',
  community_unit_id: '所属社区',
  lead_unit_id: '主办单位',
  assist_unit_ids: '协办单位',
  note: '意见',
  measures: '举措',
  progress: '进展',
  result: '结果',
  'contact.at': '联系时间',
  'contact.method': '联系方式',
  reason: '原因',
  days: '延期天数',
  satisfaction: '满意度',
  resolved: '是否解决',
  username: '用户名',
  password: '密码',
}

export function fieldLabel(field) {
  return fieldNames[field] || field
}

// An ApiError from a response status and its parsed body (may be null).
export function errorFromResponse(status, body) {
  const e = body && typeof body === 'object' ? body.error : null
  if (e && e.message) return new ApiError(status, e.code || '', e.message, e.field || '')
  return new ApiError(status, '', byStatus[status] || `请求失败（${status}）`, '')
}

// One line for a message box: the message, and the field when there is one.
export function describeError(err) {
  if (!(err instanceof ApiError)) return err && err.message ? err.message : String(err)
  return err.field ? `${err.message}（字段：${fieldLabel(err.field)}）` : err.message
}

export const networkError = () => new ApiError(0, 'network', byStatus[0], '')

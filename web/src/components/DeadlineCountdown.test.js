import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import DeadlineCountdown from './DeadlineCountdown.vue'

const inHours = (h) => new Date(Date.now() + h * 3600000).toISOString()

describe('DeadlineCountdown', () => {
  it('shows the running step, the time left and the working time left', () => {
    const order = { deadlines: { sign: null, handle: { due_at: inHours(50), due_soon: false, overdue: false, remaining_working_minutes: 1054 } } }
    const w = mount(DeadlineCountdown, { props: { order, showWorking: true } })
    expect(w.text()).toContain('办理 剩余 2天')
    expect(w.text()).toContain('工作时间 2个工作日2小时')
    expect(w.find('[data-test=countdown]').classes()).toContain('countdown-ok')
  })

  it('marks a warned step and an overdue one', () => {
    const soon = mount(DeadlineCountdown, { props: { order: { deadlines: { sign: { due_at: inHours(1), due_soon: true } } } } })
    expect(soon.find('[data-test=countdown]').classes()).toContain('countdown-soon')
    const late = mount(DeadlineCountdown, { props: { order: { deadlines: { sign: { due_at: inHours(-3), overdue: true } } } } })
    expect(late.text()).toContain('已超期 3小时')
    expect(late.find('[data-test=countdown]').classes()).toContain('countdown-overdue')
  })

  it('shows a dash when no step runs', () => {
    const w = mount(DeadlineCountdown, { props: { order: { deadlines: { sign: null, handle: null } } } })
    expect(w.text()).toBe('—')
  })
})

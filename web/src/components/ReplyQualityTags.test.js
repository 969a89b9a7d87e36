import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import ReplyQualityTags from './ReplyQualityTags.vue'

const mountWith = (props) => mount(ReplyQualityTags, { props, global: { plugins: [ElementPlus] } })

const quality = {
  score: 60,
  findings: [
    { code: 'progress_missing', severity: 'flag', message: '“办理进展”只写了套话，请写明具体内容', field: 'progress', evidence: { reason: 'filler' } },
    { code: 'boilerplate', severity: 'flag', message: '答复正文与工单 42 的答复高度相似', field: 'measures', evidence: { order_id: 42, similarity: 0.91 } },
  ],
}

describe('ReplyQualityTags', () => {
  it('shows the score, one tag per finding and why', () => {
    const w = mountWith({ quality })
    expect(w.find('[data-test=quality-score]').text()).toBe('质检 60 分')
    const tags = w.findAll('[data-test=quality-tag]').map((t) => t.text())
    expect(tags).toEqual(['缺办理进展', '疑似套用模板'])
    const explanations = w.findAll('[data-test=quality-explanation]').map((e) => e.text())
    expect(explanations[0]).toContain('请写明具体内容')
    expect(explanations[1]).toContain('相似工单 42，相似度 91%')
  })

  it('marks refusals apart from flags', () => {
    const w = mountWith({ quality: { score: 40, findings: [{ code: 'no_substance', severity: 'refuse', message: 'x', evidence: {} }] } })
    expect(w.find('[data-test=quality-tag]').attributes('data-severity')).toBe('refuse')
    expect(mountWith({ quality }).find('[data-test=quality-tag]').attributes('data-severity')).toBe('flag')
  })

  it('says so when nothing was found, and shows nothing without a check', () => {
    expect(mountWith({ quality: { score: 100, findings: [] } }).find('[data-test=quality-clean]').exists()).toBe(true)
    expect(mountWith({ quality: null }).find('[data-test=reply-quality]').exists()).toBe(false)
  })

  it('leaves the explanations out when compact', () => {
    const w = mountWith({ quality, compact: true })
    expect(w.findAll('[data-test=quality-tag]').length).toBe(2)
    expect(w.find('[data-test=quality-explanation]').exists()).toBe(false)
  })
})

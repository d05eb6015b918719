# 界面文字（简体中文）。每行一条：键 = 文字；{ $name } 为占位符。en.ftl 须有相同的键。

app-name = 意见 · 文稿起草与征求意见
nav-logout = 退出
footer-confidential = 未公开的文稿属于保密材料，请勿外传。

error-status = 状态码
error-home = 返回首页
error-unauthenticated = 请先登录
error-bad_credentials = 用户名或密码错误
error-not_found = 未找到该页面或内容
error-forbidden = 无权进行此操作
error-csrf = 请求被拒绝：它不是从本站的表单发出的，请刷新页面后重试
error-rate_limited = 尝试次数过多，请稍候一分钟再试
error-invalid = 输入有误
error-conflict = 此时不能进行该操作
error-too_large = 提交的内容过大
error-internal = 服务器内部错误

login-title = 登录
login-username = 用户名
login-password = 密码
login-submit = 登录

home-title = 首页
home-greeting = 当前用户：{ $name }
home-dossiers = 文稿项目
home-consultations = 征求意见
home-no-consultations = 目前没有您可以查看的征求意见。

col-title = 名称
col-kind = 类别
col-window = 时间
col-state = 状态
state-upcoming = 尚未开始
state-open = 正在进行
state-closed = 已截止
kind-topic = 议题征求意见
kind-draft = 文稿征求意见
kind-public = 向社会公开征求意见

dossier-timeline = 起草进程
dossier-next = 下一步
dossier-versions = 各稿
dossier-consultations = 征求意见
dossier-drafting = 起草中
dossier-adopted = 已通过
dossier-stands = 当前进程：第{ $n }步 { $step }

step1 = 确定议题
step2 = 议题征求意见
step3 = 起草
step4 = 文稿征求意见
step5 = 逐条逐段分析
step6 = 修改
step7 = 审议
step8 = 全体会议
step9 = 起草说明
step1-detail = { $date }确定议题，成立文件起草组
step2-detail = 征求意见{ $n }次
step3-detail = 共{ $n }稿，已印发{ $released }稿
step4-detail = 征求{ $bodies }个单位意见，收到反馈{ $responses }份
step5-detail = 意见{ $items }条，待处理{ $undisposed }条
step6-detail = 修改{ $n }处，涉及意见{ $covered }条
step7-detail = 召开会议{ $n }次
step8-adopted = 全体会议已通过
step8-not-adopted = 尚未提请全体会议通过
step9-detail = 起草说明将根据记录生成（尚未提供）

next-undisposed = 尚有{ $n }条意见待处理
next-open-consultation = “{ $title }”正在征求意见，{ $date }截止
next-nothing = 暂无待办事项
next-explanation = 根据记录撰写起草说明

version-released-on = { $date }印发
version-unreleased = 未印发
version-summary = 正文{ $paragraphs }段，针对段落的意见{ $items }条
version-click-paragraph = 点击段落右侧的意见数，查看针对该段的意见。
heat-legend = 意见热度：
unit-items = 条意见

item-kind-opinion = 意见
item-kind-suggestion = 建议
item-kind-correction = 文字订正
item-kind-endorsement = 赞同
item-source-response = 书面反馈
item-source-hearing = 座谈会
item-source-group-discussion = 分组讨论
item-general = 总体意见
item-on-paragraph = 针对第{ $n }段
item-on-a-paragraph = 针对某一段落

paragraph-n = 第{ $n }段
paragraph-no-items = 该段暂无意见。
paragraph-back = 返回正文

consultation-question = 征求意见的问题：
consultation-record-view = 您可以查看本文稿项目的全部记录。
consultation-dossier-link = 文稿项目进程
consultation-version-link = 征求意见稿及意见分布

consultee-not-yet-open = 征求意见尚未开始，届时可阅读文稿。
consultee-closed = 征求意见已截止，文稿不再提供阅读。
consultee-comment-here = 对此段提意见
consultee-own = 本单位的反馈意见
consultee-no-items = 尚未填写意见。
consultee-add = 填写意见
consultee-kind = 类别
consultee-where = 针对
consultee-text = 意见内容
consultee-add-button = 保存意见
consultee-submit-note = 意见填写完毕后，请正式报送。报送后截止前仍可补充修改。
consultee-submit = 正式报送

response-none = 尚未填写
response-draft = 草稿，尚未报送
response-submitted = 已于{ $date }报送（其后修改{ $n }次）

workbench-title = 意见分析
workbench-link = 意见分析工作台
workbench-progress = 已处理 { $handled } / 共 { $total } 条
workbench-shown = 显示 { $n } 条（共 { $total } 条）
workbench-view = 查看方式
workbench-by-paragraph = 按段落
workbench-by-consultee = 按征求对象
workbench-by-category = 按类别
workbench-by-status = 按处理状态
workbench-status = 处理状态
workbench-category = 类别
workbench-assignee = 承办人
workbench-apply = 筛选
workbench-all = 全部
workbench-undisposed = 未处理
workbench-unassigned = 未分配
workbench-no-category = 未分类
workbench-selected = 对选中的意见
workbench-assign-to = 分配给
workbench-assign = 分配
workbench-disposition = 处理意见
workbench-decision = 决定
workbench-proposed = 提议（待组长确定）
workbench-final = 确定
workbench-reason = 理由
workbench-dispose-each = 逐条处理
workbench-common-view = 共同意见（合并为一组处理）
workbench-dispose-group = 合并为一组并处理
workbench-consultee = 征求对象
workbench-where = 位置
workbench-select = 选择意见
workbench-group = 组
workbench-prev = 上一页
workbench-next = 下一页

disposition-adopted = 采纳
disposition-partly-adopted = 部分采纳
disposition-not-adopted = 未采纳
disposition-already-reflected = 已体现
disposition-out-of-scope = 不属于文稿范围

category-region = 地方
category-department = 部门
category-party = 党派
category-federation = 人民团体
category-non-party = 无党派人士
category-senior-members = 老同志
category-other = 其他

revise-link = 修改文稿（生成新稿）
revise-title = 修改文稿
revise-from = 在此稿基础上修改：
revise-label = 新稿名称
revise-text = 文稿全文（Markdown：# 标题，## 部分，### 节；段落之间空一行）
revise-save = 保存为新稿并对照
revise-or-upload = 或上传文件（.docx、.md、.txt）
revise-file = 文件
revise-upload = 上传并对照

compare-title = 修改对照
compare-count = 共修改 { $n } 处
compare-recorded = 已记录修改 { $n } 处
compare-publish = 发布此稿（定稿并记录修改）
compare-not-released = 此稿尚未发布；由组长或副组长发布。
compare-part = 部分
compare-modifications = 修改处数
compare-no-part = （部分之前）
compare-old = 原稿
compare-new = 新稿
compare-what = 修改
compare-modification-n = 第 { $n } 处
compare-items = 依据意见
compare-link = 关联意见

match-unchanged = 未改
match-modified = 修改
match-inserted = 新增
match-deleted = 删除
match-moved = 移动
match-split = 拆分
match-merged = 合并

consultee-select-hint = 可在上文中选中文字，就所选文字提意见；也可在“所指文字”中填写原文。
consultee-quote = 所指文字（可选）
consultee-selected = 已选中文字，意见将指向所选文字。

audit-title = 审计日志
audit-link = 审计日志
audit-checkpoint = 核对点（可选）
audit-verify = 校验完整性
audit-verified = 校验通过：{ $entries } 条记录，核对意见 { $items } 条、已发布文稿 { $versions } 稿；当前核对点 { $head }
audit-failed = 校验未通过：
audit-at = 时间（UTC）
audit-actor = 操作人
audit-action = 操作
audit-subject = 对象
audit-hash = 哈希
audit-older = 更早的记录

recipients-title = 征求意见对象
recipients-summary = 共 { $n } 个对象：已报送 { $submitted }，已存草稿 { $drafts }，已查阅 { $opened }，未查阅 { $unopened }；反馈率 { $rate }%
recipients-copy = 份号
recipients-name = 对象
recipients-when = 日期
recipient-not-opened = 未查阅
recipient-opened = 已查阅
recipient-draft-saved = 已存草稿
recipient-submitted = 已报送

setup-link = 发起征求意见
setup-title = 发起征求意见
setup-version = 征求意见的文稿（文稿征求意见）
setup-question = 征求意见的问题（议题征求意见）
setup-opens = 开始日期
setup-closes = 截止日期（含当日）
setup-scope = 征求意见范围：按类别全选，或逐个选择
setup-all-of = 全部
setup-open = 发起
workbench-kind = 意见类型

outcome = 处理结果：{ $kind }。{ $reason }
handling-publish = 公布意见处理情况（征求意见对象可看到各自意见的处理结果）
handling-published = 意见处理情况已于 { $date } 公布

hearings-link = 座谈会记录
hearings-title = 座谈会记录
hearings-none = 尚无座谈会记录。
hearings-speaker = 发言人
hearings-paragraph = 段落（0 或空为总体意见）
hearings-add-item = 记录发言意见
hearings-record = 记录座谈会
hearings-held-on = 日期
hearings-minutes = 纪要

review-link = 审议与通过
review-title = 审议与通过
review-meetings = 审议会议
review-body = 会议机构
review-version = 文稿
review-decision = 审议结果
review-record-meeting = 记录会议
review-plenary = 提交全会
review-plenary-body = 全体会议
review-submit = 提交全会审议
review-add-opinion = 记录分组讨论意见
review-adopted-version = 通过的文稿
review-adopt = 记录通过
review-adopted-on = { $date } 通过《{ $version }》
decision-approved = 原则同意
decision-approved-with-changes = 修改后同意
decision-returned = 退回修改
decision-discussed = 讨论

admin-link = 系统管理
admin-title = 系统管理
admin-bodies = 单位
admin-people = 人员
admin-account = 账号
admin-username = 用户名
admin-no-password = 未设密码
admin-invite = 生成邀请链接
admin-create-account = 开通账号
admin-add-body = 添加单位
admin-add-person = 添加人员
admin-invitation-made = 邀请链接（仅显示这一次，{ $date } 前有效）：{ $link }
invite-title = 设置密码
invite-password = 新密码（至少 12 个字符）
invite-again = 再输入一次
invite-set = 设置密码
invite-invalid = 此邀请链接无效：可能已使用、已过期或不存在。请联系管理员。
workbench-none = 没有符合条件的意见。

reports-link = 报告与下载
reports-title = 报告与下载
reports-explanation = 起草说明
reports-handling = 意见处理情况表
reports-comparison = 修改对照表
reports-preview = 起草说明（预览）
consultee-copy = 下载本单位的编号文本（.docx）

consultee-edit = 修改或撤回
consultee-save-edit = 保存修改
consultee-withdraw = 撤回此条
admin-disable = 停用账号
admin-enable = 恢复账号
admin-disabled = 已停用

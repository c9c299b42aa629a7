"""What each audit action is called in Chinese: one table for the audit list, its filter and its exports.

Actions are stored as stable English codes (`record.publish`); a person reads only the label. An action
missing from the table still reads as Chinese (its object and 其他操作), and a test fails until it is added.
Pure: no Django import."""

from __future__ import annotations

OBJECT_LABELS: dict[str, str] = {
    "login": "登录",
    "logout": "登录",
    "password": "密码",
    "permission": "权限",
    "account": "账号",
    "accounts": "账号",
    "audit": "审计日志",
    "backup": "备份",
    "unit": "单位",
    "jurisdictions": "行政区划",
    "boundary": "区划边界",
    "domain_assignment": "领域责任分工",
    "source_list": "事项清单",
    "standard_catalog": "国家标准目录",
    "catalog": "公开事项目录",
    "catalog_version": "目录版本",
    "catalog_domain": "目录领域",
    "catalog_item": "目录事项",
    "record": "政府信息",
    "entry": "明细",
    "interpretation": "政策解读",
    "channel": "发布渠道",
    "new_media": "政务新媒体",
    "message": "留言",
    "message_settings": "留言答复时限",
    "concern": "回应关切",
    "request": "依申请公开",
    "annual_report": "年度报告",
    "review_case": "复议诉讼案件",
    "calendar": "工作日历",
    "membership": "角色分配",
    "oversight": "监测检查",
    "consultation": "征求意见",
    "comment": "公众意见",
    "hearing": "听证会",
    "decision_list": "重大行政决策事项目录",
}

ACTION_LABELS: dict[str, str] = {
    # oversight
    "oversight.inspection_run": "运行监测检查",
    "oversight.inspection_rerun": "重新运行未完成的监测检查",
    "oversight.stale_threshold_set": "设置栏目更新时限",
    "oversight.finding_report_fixed": "报告问题已整改",
    "oversight.finding_waive": "核销问题",
    "oversight.deduction_record": "录入考核扣分",
    "oversight.notice_draft": "起草通报",
    "oversight.notice_update": "修改通报",
    "oversight.notice_publish": "发布通报",
    "oversight.task_create": "新建工作任务",
    "oversight.task_update": "修改工作任务",
    "oversight.task_import": "导入工作任务分解表",
    "oversight.progress_report": "报送工作任务进展",
    "oversight.task_confirm": "确认工作任务完成",
    "oversight.task_reminder": "发送工作任务到期提醒",
    # accounts and access
    "login.succeeded": "登录成功",
    "login.failed": "登录失败",
    "login.locked": "账号锁定",
    "login.refused_locked": "锁定期间尝试登录",
    "login.ip_locked": "来源地址锁定",
    "login.ip_unlocked": "解除来源地址锁定",
    "logout": "退出登录",
    "password.changed": "修改密码",
    "permission.refused": "越权访问被拒绝",
    "account.created": "开设账号",
    "account.roles_updated": "修改账号角色",
    "account.deactivated": "停用账号",
    "account.password_reset": "重置密码",
    "account.unlocked": "解除账号锁定",
    "accounts.imported": "批量导入账号",
    "membership.created": "分配角色",
    "audit.exported": "导出审计日志",
    "audit.anchored": "锚定审计日志链头",
    "audit.purged": "清理超过保存期的审计日志",
    "backup.created": "备份数据",
    "backup.restored": "从备份恢复数据",
    # organisations and catalogs
    "unit.create": "新增单位",
    "unit.update": "修改单位",
    "boundary.set": "上传行政区划边界",
    "boundary.remove": "删除行政区划边界",
    "jurisdictions.load": "载入行政区划",
    "domain_assignment.set": "设置领域责任单位",
    "domain_assignments.saved": "保存领域责任分工（责任单位、指导单位、完成时间）",
    "source_list.imported": "导入事项清单（权责清单、公共服务事项清单、负面清单）",
    "source_list.linked": "关联清单事项与目录事项",
    "source_list.unlinked": "取消清单事项与目录事项的关联",
    "source_list.linked_by_name": "按名称自动关联清单事项与目录事项",
    "standard_catalog.loaded": "载入国家标准目录",
    "catalog.created": "新建公开事项目录",
    "catalog_version.created": "新建目录版本",
    "catalog_version.created_from_reference": "参照上级目录新建版本",
    "catalog_version.adopted_standard": "采用国家标准目录",
    "catalog_version.adopted_village_topics": "加入村务公开、乡村振兴等村级本地事项",
    "catalog_version.items_imported": "导入目录事项",
    "catalog_version.submit": "报送目录审批",
    "catalog_version.approve": "审批通过目录",
    "catalog_version.return": "退回目录修改",
    "catalog_version.publish": "发布目录",
    "catalog_version.supersede": "目录被新版本替代",
    "catalog_domain.applies_set": "设置领域是否涉及",
    "catalog_item.added_local": "新增本地事项",
    "catalog_item.updated": "修改目录事项",
    "catalog_item.columns_added": "为目录事项增加明细列",
    "catalog_item.deleted_local": "删除本地事项",
    "catalog_item.applicability_set": "设置事项是否适用",
    # records
    "record.created": "起草政府信息",
    "record.updated": "修改政府信息",
    "record.title_shown": "公开目录中显示标题",
    "record.title_hidden": "公开目录中隐藏标题",
    "record.scanned": "隐私与敏感内容扫描",
    "record.finding_fixed": "审查发现已处理",
    "record.finding_overridden": "审查发现保留（写明理由）",
    "record.finding_masked": "按建议遮盖审查发现",
    "record.attachment_added": "上传附件",
    "record.attachment_masked": "上传附件遮盖件",
    "record.attachment_removed": "删除附件",
    "record.submit": "提交保密审查",
    "record.start_review": "开始保密审查",
    "record.return": "退回修改",
    "record.approve": "审核通过",
    "record.schedule": "定时发布",
    "record.unschedule": "取消定时发布",
    "record.publish": "发布政府信息",
    "record.revise": "修订已发布信息",
    "record.approve_revision": "审核通过修订",
    "record.discard_revision": "放弃修订",
    "record.withdraw": "撤回政府信息",
    "record.archive": "归档政府信息",
    "record.declare_nothing": "发布“本期无此类信息”说明",
    "record.mask_as_suggested": "审查中按建议遮盖个人信息",
    "entry.created": "新增明细",
    "entry.updated": "修改明细",
    "entry.deleted": "删除明细",
    "entry.imported": "导入明细",
    "interpretation.created": "新增政策解读",
    "interpretation.published": "发布政策解读",
    "channel.published": "登记其他渠道发布",
    "channel.publication_deleted": "删除渠道发布登记",
    "channel.bulletin_printed": "打印公示栏公告",
    "new_media.registered": "登记政务新媒体账号",
    "new_media.changed": "变更政务新媒体账号",
    "new_media.closed": "关停政务新媒体账号",
    "new_media.update_reported": "登记政务新媒体更新",
    # interaction
    "message.submitted": "收到留言",
    "message.assigned": "转办留言",
    "message.answered": "答复留言",
    "message.published": "审核公开留言",
    "message.returned": "退回留言答复",
    "message.closed": "留言答复不公开",
    "message.rejected": "留言不予受理",
    "message_settings.changed": "设置留言答复时限",
    "concern.recorded": "登记回应关切",
    "concern.responded": "登记关切回应",
    # requests
    "request.submitted": "提交申请",
    "request.registered": "登记申请",
    "request.confirmed": "确认收到申请",
    "request.contact_made": "联系申请人",
    "request.assigned": "交办申请",
    "request.transferred": "转办申请",
    "request.correction_requested": "通知补正",
    "request.correction_received": "收到补正",
    "request.deemed_abandoned": "视为放弃申请",
    "request.consultation_sent": "征求第三方意见",
    "request.consultation_received": "被征求意见方收到征求意见",
    "request.consultation_replied": "第三方答复意见",
    "request.extended": "延期答复",
    "request.later_deadline_set": "另行确定答复期限",
    "request.fee_notice_sent": "发出收费通知",
    "request.fee_notice_received": "申请人收到收费通知",
    "request.fee_paid": "登记缴费",
    "request.replied": "答复申请",
    "request.delivered": "送达答复",
    "request.archived": "归档申请",
    "request.warning_sent": "发送到期提醒",
    "request.reply_template_saved": "保存答复文书模板",
    "request.clock_setting_saved": "设置等待缴费期间是否计入答复期限",
    "request.reply_template_reverted": "答复文书模板恢复沿用上级",
    # reports and calendar
    "annual_report.created": "新建年度报告",
    "annual_report.imported": "导入年度报告",
    "annual_report.narrative_updated": "修改年度报告文字部分",
    "annual_report.recomputed": "重新统计年度报告",
    "annual_report.published": "发布年度报告",
    "review_case.created": "登记复议诉讼案件",
    "review_case.result_set": "登记复议诉讼结果",
    "calendar.seeded": "初始化工作日历",
    "calendar.year_set": "设置日历年度",
    "calendar.special_day_set": "设置节假日或调休日",
    "calendar.special_day_removed": "删除节假日或调休日",
    # consultations (征求意见)
    "consultation.created": "起草征求意见",
    "consultation.changed": "修改征求意见稿",
    "consultation.published": "发布征求意见",
    "consultation.closed": "截止征求意见",
    "consultation.summary_saved": "保存意见采纳情况",
    "consultation.summary_published": "公布意见采纳情况",
    "comment.submitted": "公众提交意见",
    "comment.approved": "显示公众意见",
    "comment.rejected": "不予显示公众意见",
    "hearing.created": "登记听证会",
    "hearing.notice_published": "发布听证公告",
    "decision_list.created": "编制重大行政决策事项目录",
    "decision_list.item_added": "添加重大行政决策事项",
    "decision_list.published": "发布重大行政决策事项目录",
}


def action_label(action: str) -> str:
    """The Chinese name of `action`; an unknown action reads as its object and 其他操作, never English."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    if action.endswith(".*"):
        return f"{object_label(action[:-2])}（全部）"
    return f"{object_label(action.split('.', 1)[0])}：其他操作"


def object_label(prefix: str) -> str:
    return OBJECT_LABELS.get(prefix, "系统")


def group_choices(actions) -> list[tuple[str, str]]:
    """Filter choices for the actions present in the log: each object's group (`record.*`, 政府信息（全部）)
    followed by its actions, labelled and ordered by label."""
    groups: dict[str, list[str]] = {}
    for action in actions:
        groups.setdefault(action.split(".", 1)[0], []).append(action)
    choices: list[tuple[str, str]] = []
    for prefix in sorted(groups, key=object_label):
        members = sorted(groups[prefix], key=action_label)
        if len(members) > 1:
            choices.append((f"{prefix}.*", f"{object_label(prefix)}（全部）"))
        choices.extend((a, action_label(a)) for a in members)
    return choices

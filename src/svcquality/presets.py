"""Ready rulebooks built from the practices of Chinese bank service centres.

Each preset is a function taking no argument and returning a
:class:`~svcquality.rulebook.Rulebook`; its plain data is kept beside it as a
module-level mapping (``CREDIT_CARD_CENTRE`` for :func:`credit_card_centre`...),
so a bank can copy the data into its own configuration and change it.
Each preset cites its source document by title, publisher and date in a
*References* section (as the ``holidays`` package's country modules cite their
notices) and says under *Limitations* what the source leaves open (opening
hours, amounts): those values are marked as assumptions and are the first things
a bank should set to its own. The glossary lists the five sources.

The facts are the sources'; the keys are documented in ``docs/rulebook.md``.
"""

from __future__ import annotations

import copy
from typing import Any

from svcquality._regulatory import (
    CREDIT_REPORT_DISPUTE,
    NFRA_COMPLAINTS,
    PBOC_FORWARDED_COMPLAINTS,
    REGIONAL_FIRST_CONTACT,
    credit_report_dispute,
    nfra_complaints,
    pboc_forwarded_complaints,
    regional_first_contact,
)
from svcquality.escalation import Tiers
from svcquality.kpi import seed_objectives, seed_ranking
from svcquality.rulebook import Rulebook, load_rulebook

__all__ = [
    "BRANCH_COMPLAINT_DESK",
    "BRANCH_SERVICE_MANUAL",
    "CREDIT_CARD_CENTRE",
    "CREDIT_REPORT_DISPUTE",
    "MULTICHANNEL_CALL_CENTRE",
    "NFRA_COMPLAINTS",
    "PBOC_FORWARDED_COMPLAINTS",
    "REGIONAL_FIRST_CONTACT",
    "RURAL_CALL_CENTRE_7X24",
    "branch_complaint_desk",
    "branch_service_manual",
    "credit_card_centre",
    "credit_report_dispute",
    "feedback_tiers",
    "multichannel_call_centre",
    "nfra_complaints",
    "pboc_forwarded_complaints",
    "regional_first_contact",
    "rural_call_centre_7x24",
    "seed_objectives",
    "seed_ranking",
]

# Opening hours are not in any of the sources: branches and back offices get
# Monday to Friday 09:00-17:00 on China's public holidays (with make-up working
# days), hotlines 7x24 (open through holidays, counting China's statutory working
# days for their working-day promises). Every preset says so; set your own.
_BRANCH_HOURS: dict[str, Any] = {
    "hours": {"mon-fri": "09:00-17:00"},
    "zone": "Asia/Shanghai",
    "holidays": "CN",
}
_HOTLINE: dict[str, Any] = {"hours": "24x7", "zone": "Asia/Shanghai", "holidays": "CN"}


# --------------------------------------------------------------------------- 招商银行信用卡中心

CREDIT_CARD_CENTRE: dict[str, Any] = {
    "schema_version": 1,
    "description": (
        "信用卡中心客服热线 (《如何做好银行客服工作》, 红杰人力人才网, 2015-01-31): "
        "15秒内接通S/L≥85%, 弹性授权, 二线追踪"
    ),
    "calendars": {"hotline": _HOTLINE, "back_office": _BRANCH_HOURS},
    "roles": ["agent", "team_leader", "supervisor"],
    "units": {
        "second_line": {
            "calendar": "back_office",
            "description": "二线服务组: 申诉案件、VIP回访、挽留注销客户",
        }
    },
    "promises": [
        {
            "service": "hotline_call",
            "calendar": "hotline",
            "goal": 0.85,
            "milestones": {"answer": "15秒"},
        }
    ],
    "catalog": [{"promise": "hotline_call"}],
    "routing": [
        {"to": "second_line", "service": ["申诉", "dispute"], "name": "二线追踪"},
        {"to": "agent", "kind": "role", "name": "一线处理"},
    ],
    "authority": {
        "roles": ["agent", "team_leader", "supervisor"],
        "zone": "Asia/Shanghai",
        "rules": [
            {
                "role": "agent",
                "action": "临时额度调整",
                "unlimited_ok": True,
                "name": "一线在线调整临时额度",
            },
            {
                "role": "agent",
                "action": "循环利息调整",
                "conditions": {"first_statement_received": False},
                "unlimited_ok": True,
                "name": "第一次没收到账单所产生的循环利息",
            },
            {
                "role": "agent",
                "action": "手续费处理",
                "conditions": {"fee_waiver_conditions_met": True},
                "unlimited_ok": True,
                "name": "有条件处理客户各项手续费用",
            },
        ],
    },
    "scorecard": [
        {
            "name": "service_level",
            "kpi": "service_level",
            "options": {"threshold": "15s", "definition": "offered"},
            "target": 0.85,
            "label": "ACD接听时效(15秒内接通)",
        },
        {
            "name": "abandon_rate",
            "kpi": "abandon_rate",
            "target": 0.05,
            "op": "<=",
            "label": "电话挂断率",
        },
        {
            "name": "first_line_resolution",
            "kpi": "first_contact_resolution",
            "target": 0.95,
            "label": "一线处理率",
        },
        {
            "name": "recording_success",
            "kpi": "recording_success",
            "target": 0.95,
            "label": "录音成功率",
        },
        {
            "name": "employee_satisfaction",
            "kpi": "employee_satisfaction",
            "target": 0.7,
            "label": "员工满意度",
        },
        {
            "name": "employee_dissatisfaction",
            "kpi": "employee_satisfaction",
            "options": {"share": "dissatisfied"},
            "target": 0.15,
            "op": "<=",
            "label": "员工不满意度",
        },
        {"name": "attrition", "kpi": "attrition", "target": 0.1, "op": "<", "label": "人员流失率"},
    ],
}


def credit_card_centre() -> Rulebook:
    """A credit-card call centre: answer in 15 s for 85%, flexible first-line authority.

    Source: an account of 招商银行信用卡中心's service quality system (five-star
    certified in 2005; see References): "ACD接听时效(15秒内接通S/L≥85%)、电话挂断率(≤5%)、
    一线处理率(≥95%)、录音成功率(≥95%)"; "弹性授权": the first line raises a temporary
    credit limit online, adjusts revolving interest caused by a first statement
    never received, and handles fees under conditions; "二线追踪": about 5% of
    problems go to other departments by a tracked form; staff satisfaction ≥ 70%,
    dissatisfaction ≤ 15%, attrition under 10%.

    Carries: the 15-second answer promise (goal 85%) on a 7×24 hotline, the
    scorecard targets, the authority rules (the fee conditions are one host
    flag, ``fee_waiver_conditions_met``), routing of appeals to the second line.

    References:
        * "如何做好银行客服工作", on 招商银行信用卡中心, published as
          "太原人才网【如何做好银行客服工作】" by 红杰人力人才网 (Taiyuan),
          2015-01-31, <http://www.hjrlrc.com> (the site; the page's own address is
          not given). A repost: the original author and publication are not named.

    Limitations: the source states no amounts, so the authority rules are
    ``unlimited_ok``; add ``max_amount`` and period limits before use. The
    hotline's 7×24 hours and the back office's hours are assumptions.

    Examples:
        >>> rb = credit_card_centre()
        >>> rb.promises["hotline_call"]["answer"]
        Target.wall(datetime.timedelta(seconds=15))
    """
    return load_rulebook(copy.deepcopy(CREDIT_CARD_CENTRE))


# --------------------------------------------------------------------------- 服务质量提升操作手册

_GREEN_CHANNEL = [
    {"trigger": "80% consumed", "action": {"notify": "lobby_manager"}},
    {"trigger": "on breach", "action": {"green_channel": "supervisor"}},
    {"trigger": "on breach", "action": {"inform_customer": "progress_update"}},
]

BRANCH_SERVICE_MANUAL: dict[str, Any] = {
    "schema_version": 1,
    "description": "《银行客户服务质量提升操作手册》 (人人文库)",
    "calendars": {"branch": _BRANCH_HOURS, "card_centre": _HOTLINE},
    "roles": ["teller", "lobby_manager", "supervisor", "branch_manager"],
    "units": {
        "branch": {"calendar": "branch", "description": "网点"},
        "card_centre": {
            "calendar": "card_centre",
            "answer_within": "24小时",
            "description": "信用卡中心: 柜员发起工单, 24小时内反馈方案",
        },
    },
    "tiers": [
        {"code": "EMERGENCY", "description": "挂失、诈骗止付等紧急服务"},
        {"code": "I", "description": "紧急/影响广, 如系统故障"},
        {"code": "II", "description": "高频/体验类, 如流程繁琐"},
        {"code": "III", "description": "个性化诉求, 如账户解冻"},
    ],
    "promises": [
        {
            "service": "emergency",
            "milestones": {"respond": "1小时", "initial_disposal": "4小时"},
        },
        {
            "service": "feedback",
            "name": "feedback_I",
            "milestones": {"respond": "1小时", "publish_plan": "24小时"},
        },
        {
            "service": "feedback",
            "name": "feedback_II",
            "calendar": "branch",
            "milestones": {"improvement_plan": "3个工作日"},
        },
        {
            "service": "feedback",
            "name": "feedback_III",
            "calendar": "branch",
            "milestones": {"follow_up": "1个工作日", "result": "7个工作日"},
        },
        {"service": "dissatisfied", "milestones": {"apologise_and_resolve": "24小时"}},
    ],
    "catalog": [
        {"when": {"service": ["loss_report", "fraud_stop_payment"]}, "promise": "emergency"},
        {"when": {"service": "dissatisfied"}, "promise": "dissatisfied"},
        {"when": {"severity": "EMERGENCY"}, "promise": "emergency"},
        {"when": {"severity": "I"}, "promise": "feedback_I"},
        {"when": {"severity": "II"}, "promise": "feedback_II"},
        {"promise": "feedback_III", "name": "Ⅲ级 (default)"},
    ],
    "ladders": {
        name: [{"milestone": milestone, "steps": _GREEN_CHANNEL}]
        for name, milestone in (
            ("emergency", "initial_disposal"),
            ("feedback_I", "publish_plan"),
            ("feedback_II", "improvement_plan"),
            ("feedback_III", "result"),
            ("dissatisfied", "apologise_and_resolve"),
        )
    },
    "routing": [
        {"to": "card_centre", "service": "card_points", "name": "信用卡积分问题"},
        {"to": "branch", "name": "首问负责"},
    ],
    "authority": {
        "roles": ["teller", "lobby_manager", "supervisor", "branch_manager"],
        "zone": "Asia/Shanghai",
        "rules": [
            {"role": "teller", "action": "挂失", "requires_second_person": True},
            {"role": "teller", "action": "诈骗止付", "requires_second_person": True},
        ],
    },
    "scorecard": [
        {
            "name": "on_time",
            "kpi": "on_time_rate",
            "target": 0.9,
            "label": "常规业务承诺时限内完成率",
        }
    ],
}


def branch_service_manual() -> Rulebook:
    """A branch service-quality manual: time promises, green channel, tiered feedback.

    Source: 《银行客户服务质量提升操作手册》 (see References): "90%以上常规业务承诺时限内
    完成。超时业务启动'绿色通道'，主管介入协调，同步反馈客户进度"; "首问负责制+内部工单流转…
    客户咨询信用卡积分问题，柜员直接发起工单至信用卡中心，24小时内反馈方案"; emergency window
    "挂失、诈骗止付等需求优先处理，启动'双人复核+快速审批'，1小时响应、4小时初步处置"; tiered
    response "Ⅰ级…1小时应急，24小时公告方案；Ⅱ级…3个工作日出改进方案；Ⅲ级…1个工作日跟进，
    7个工作日反馈结果"; "'不满意'事件要求24小时内致歉解决"; the management track
    柜员→大堂经理→网点主管→支行行长 gives the roles.

    Carries: tiers EMERGENCY/I/II/III (:func:`feedback_tiers`), one promise per
    tier and for dissatisfied ratings, a catalog choosing them by service and
    severity, a green-channel ladder on every promise (supervisor steps in, the
    customer is told the progress), the card-centre work order answered within
    24 h, dual control for loss reports and fraud stop-payments, on-time ≥ 90%.

    References:
        * 《银行客户服务质量提升操作手册》, a document uploaded by a user to 人人文库
          (renrendoc.com); its author, publisher and date are not given.

    Limitations: the node reminder at 80% consumed is an assumption (the manual says
    only "节点提醒"); the routine services' own time limits are not in the
    source; the monthly 10% re-check (``svcquality.feedback``) and the monthly
    dashboard (CSAT, 业务时长, 差错率, 投诉率: no targets given) are not rulebook
    keys. Branch hours are an assumption.

    Examples:
        >>> rb = branch_service_manual()
        >>> rb.catalog.match(severity="II").promise.name
        'feedback_II'
    """
    return load_rulebook(copy.deepcopy(BRANCH_SERVICE_MANUAL))


def feedback_tiers() -> Tiers:
    """The service-quality manual's severity levels: EMERGENCY, I, II, III (most urgent first).

    Source: 《银行客户服务质量提升操作手册》, "分级响应" and "紧急服务场景"; see
    :func:`branch_service_manual` for the full reference.
    """
    tiers = branch_service_manual().tiers
    assert tiers is not None
    return tiers


# --------------------------------------------------------------------------- 中国民生银行赣州分行

BRANCH_COMPLAINT_DESK: dict[str, Any] = {
    "schema_version": 1,
    "description": (
        "股份制银行分行客户投诉处理 (《规范文明服务 用心创造未来》, 赣州金融网, 2014-09-24): "
        "当天处理当天完结"
    ),
    "calendars": {"branch": _BRANCH_HOURS},
    "roles": ["teller", "lobby_manager", "wealth_manager", "branch_president"],
    "units": {
        "branch": {"calendar": "branch", "description": "分行营业部"},
        "head_office_service": {
            "calendar": "branch",
            "description": "总行客户服务部门: 复查制度, 抽查工单, 电话回访",
        },
    },
    "promises": [
        {
            "service": "complaint",
            "calendar": "branch",
            "goal": 1.0,
            "milestones": {"close": "当日"},
        }
    ],
    "catalog": [{"promise": "complaint"}],
    "ladders": {
        "complaint": [
            {
                "milestone": "close",
                "steps": [
                    {"trigger": "2h before due", "action": {"notify": "lobby_manager"}},
                    {"trigger": "on breach", "action": {"notify": "branch_president"}},
                ],
            }
        ]
    },
    "routing": [{"to": "branch", "name": "首问负责制"}],
}


def branch_complaint_desk() -> Rulebook:
    """A joint-stock bank branch's complaint desk: every complaint closed the same day.

    Source: 中国民生银行赣州分行's report on its customer service (2014; see References):
    "对客户投诉实行'首问负责制'…每个投诉工单处理均要求当天处理当天完结，同时总行客户服务
    部门还制定了复查制度，定期抽查工单反馈结果，直接与客户进行电话回访"; supervision
    "每日检查、每周抽查、每月联查、每季巡查"; "每月对前台柜员、大堂经理的服务质量、业务量、
    业绩、差错率等方面进行考核"; "'一把手'责任制".

    Carries: the same-business-day complaint promise (goal: every complaint),
    the first responder's branch as the default route, the head-office
    re-check unit, and a ladder telling the lobby manager 2 business hours
    before close of business and the branch president (一把手) on breach.

    References:
        * "规范文明服务 用心创造未来——中国民生银行赣州分行客户服务工作经验介绍",
          中国民生银行赣州分行, 赣州金融网, 2014-09-24 (on the branch's 2013 work).

    Limitations: the ladder's 2-hour warning is an assumption; the re-check sample,
    the daily/weekly/monthly/quarterly checks and the monthly teller assessment
    have no numbers in the source and are not rulebook keys (use
    ``svcquality.kpi`` rankings for the assessment). Branch hours are an assumption.

    Examples:
        >>> str(branch_complaint_desk().promises["complaint"]["close"])
        'Target.working_days(0)'
    """
    return load_rulebook(copy.deepcopy(BRANCH_COMPLAINT_DESK))


# --------------------------------------------------------------------------- 中信银行客户服务中心

MULTICHANNEL_CALL_CENTRE: dict[str, Any] = {
    "schema_version": 1,
    "description": (
        "全国统一客服号码的多渠道客服中心 (《记中信银行客户服务中心》, 肖扬, CTI论坛, 2007-12-03)"
    ),
    "calendars": {"hotline": _HOTLINE, "branch_network": _BRANCH_HOURS},
    "roles": ["agent", "team_leader", "centre_manager"],
    "units": {
        "consultation_centre": {"calendar": "hotline", "description": "咨询中心: 知识库"},
        "internal_support_centre": {
            "calendar": "hotline",
            "description": "内部援动中心: 受理客户投诉、错账处理, 第一个(受理)和最后一个(回访)环节",
        },
        "credit_card_centre": {"calendar": "hotline", "description": "信用卡客户服务中心"},
        "vip_desk": {"calendar": "hotline", "description": "按客户身份播报的贵宾语音菜单"},
        "branch_network": {"calendar": "branch_network", "description": "物理网点"},
    },
    "routing": [
        {
            "to": "vip_desk",
            "customer_tier": ["platinum", "private_banking"],
            "name": "识别客户身份后播报相应语音菜单",
        },
        {"to": "credit_card_centre", "service": "credit_card"},
        {"to": "internal_support_centre", "service": ["complaint", "account_error"]},
        {"to": "branch_network", "service": ["cash", "collection_follow_up"]},
        {"to": "consultation_centre", "name": "咨询中心 (知识库)"},
    ],
}


def multichannel_call_centre() -> Rulebook:
    """A multichannel call centre: identity first, then knowledge base and work orders.

    Source: a report on 中信银行's 95558 centre (2007; see References):
    "基于浏览器模式的知识库系统和工单系统，以分散处理、集中管理的模式"; "可根据身份证号、
    卡号、账号等多种方式识别客户身份，并根据客户身份播报符合其要求的语音菜单"; the internal
    support centre is "受理客户投诉、错账处理等业务的第一个(受理)和最后一个(回访)环节";
    credit-card customers reach the card centre through the same number; the
    centre "将客户体验纳入到对呼入员工的考核标准中".

    Carries: routing rules that send identified premium customers to their own
    desk before anything else, card matters to the card centre, complaints and
    account errors to the internal support centre, cash matters and
    collection follow-up to the branches, and the rest to the knowledge-base
    consultation centre.

    References:
        * 肖扬, "走近银行业客服中心报道之六：增强创新能力 奠定营销基础——记中信银行客户服务中心",
          CTI论坛 (ctiforum.com), 2007-12-03.

    Limitations: the source gives no time limits and no KPI targets, so there are no
    promises and no scorecard; put customer experience into agent assessment
    with a ``csat`` objective once the bank sets its target. The customer tier
    names and the 7×24 hours are assumptions.

    Examples:
        >>> multichannel_call_centre().routing.route({"customer_tier": "platinum"}).to
        'vip_desk'
    """
    return load_rulebook(copy.deepcopy(MULTICHANNEL_CALL_CENTRE))


# --------------------------------------------------------------------------- 天津农村合作银行

RURAL_CALL_CENTRE_7X24: dict[str, Any] = {
    "schema_version": 1,
    "description": (
        "农村合作银行7×24小时客户服务中心 "
        "(《对天津农村合作银行服务中心建设的几点思考》, 原创力文档)"
    ),
    "calendars": {"call_centre": _HOTLINE, "county_branch": _BRANCH_HOURS},
    "roles": ["agent", "shift_leader", "coordinator", "system_maintainer", "centre_director"],
    "units": {
        "county_branch": {
            "calendar": "county_branch",
            "description": "区县行社: 接收客服中心分发的事件工单并反馈处理意见",
        }
    },
    "promises": [
        {
            "service": "atm_error",
            "calendar": "county_branch",
            "milestones": {"refund_credited": "5个工作日"},
        },
        {
            "service": "return_refund",
            "calendar": "county_branch",
            "milestones": {"refund_credited": "5个工作日"},
        },
        {
            "service": "pos_prize",
            "calendar": "county_branch",
            "milestones": {"prize_credited": "batch FREQ=MONTHLY;BYMONTHDAY=-1"},
        },
    ],
    "catalog": [
        {"when": {"service": "return_refund"}, "promise": "return_refund"},
        {"when": {"service": "pos_prize"}, "promise": "pos_prize"},
        {"promise": "atm_error"},
    ],
    "routing": [
        {"to": "county_branch", "service": ["complaint", "atm_error", "return_refund"]},
        {"to": "agent", "kind": "role", "name": "座席员"},
    ],
}


def rural_call_centre_7x24() -> Rulebook:
    """A rural bank's 7×24 call centre: refunds in 5 working days, monthly prize batch.

    Source: a paper on 天津农村合作银行's call centre (2008; see References):
    "7×24小时全天候、不间断客户服务电话"; "ATM错账处理和退货上账时间为自接到投诉单
    之日起5个工作日，POS消费中奖划账时间为按月批量划账"; complaints the centre cannot
    settle become work orders to the county branches ("及时形成工单并发至相关部门或区县
    行社"); 20 staff (中心主任、系统维护员、综合员、座席班长、座席员); 309 calls a day
    on average (a staffing example for :mod:`svcquality.staffing`).

    Carries: the 7×24 centre calendar, the 5-working-day ATM-error and
    return refunds, the monthly POS prize batch, routing of complaints to the
    county branches, and the roles.

    References:
        * "对天津农村合作银行服务中心建设的几点思考", a document uploaded by a user to
          原创力文档 (book118.com); its author and date are not given (it reports the
          centre's first three months after its opening on 2008-03-28).

    Limitations: refunds are counted on the county branches' calendar, where
    the work is done (the centre's own is 7×24 and counts the same statutory
    working days, ending at 24:00 instead of the branches' close); their hours
    and the batch day (the month's last day) are assumptions.

    Examples:
        >>> rural_call_centre_7x24().promises["atm_error"]["refund_credited"]
        Target.working_days(5)
    """
    return load_rulebook(copy.deepcopy(RURAL_CALL_CENTRE_7X24))

"""The source documents' KPI targets as ready objectives (and the monthly staff ranking)."""

from __future__ import annotations

from datetime import timedelta

from svcquality.kpi._calls import AbandonRate, ServiceLevel
from svcquality.kpi._fcr import FirstContactResolution
from svcquality.kpi._ranking import Ranking
from svcquality.kpi._scorecard import Objective
from svcquality.kpi._shares import Attrition, EmployeeSatisfaction, OnTimeRate, RecordingSuccess

__all__ = ["seed_objectives", "seed_ranking"]


def seed_objectives() -> tuple[Objective, ...]:
    """The targets the source documents state, as scorecard objectives.

    - ``service_level``: 85% answered within 15 s (offered calls; no short-abandon
      allowance), "ACD接听时效(15秒内接通S/L≥85%)", credit-card centre;
    - ``abandon_rate`` at most 5%, "电话挂断率(≤5%)", credit-card centre;
    - ``first_line_resolution`` at least 95%, "一线处理率(≥95%)", credit-card centre
      (survey method: the host flags contacts resolved without a second line);
    - ``recording_success`` at least 95%, "录音成功率(≥95%)", credit-card centre;
    - ``on_time``: at least 90% of routine business within its promise,
      "90%以上常规业务承诺时限内完成", service-quality manual;
    - ``employee_satisfaction`` at least 70% and ``employee_dissatisfaction`` at
      most 15% (top and bottom 2 boxes of 5), "员工满意度达到70%,而不满意度小于等于15%",
      credit-card centre;
    - ``attrition`` below 10%, "人员流失比例…控制在了10%以内", credit-card centre.

    References:
        * Credit-card centre (招商银行信用卡中心): "如何做好银行客服工作",
          红杰人力人才网, 2015-01-31, <http://www.hjrlrc.com>; a repost whose
          original author and publication are not named.
        * Service-quality manual: 《银行客户服务质量提升操作手册》, uploaded by a
          user to 人人文库 (renrendoc.com); author, publisher and date not given.

    Returns:
        The objectives, in that order; pass them to :class:`Scorecard`.
    """
    return (
        Objective(
            "service_level",
            ServiceLevel(threshold=timedelta(seconds=15), definition="offered"),
            0.85,
            ">=",
            label="ACD接听时效(15秒内接通)",
        ),
        Objective("abandon_rate", AbandonRate(), 0.05, "<=", label="电话挂断率"),
        Objective(
            "first_line_resolution",
            FirstContactResolution(method="survey"),
            0.95,
            ">=",
            label="一线处理率",
        ),
        Objective("recording_success", RecordingSuccess(), 0.95, ">=", label="录音成功率"),
        Objective("on_time", OnTimeRate(), 0.90, ">=", label="常规业务承诺时限内完成率"),
        Objective(
            "employee_satisfaction",
            EmployeeSatisfaction(share="satisfied"),
            0.70,
            ">=",
            label="员工满意度",
        ),
        Objective(
            "employee_dissatisfaction",
            EmployeeSatisfaction(share="dissatisfied"),
            0.15,
            "<=",
            label="员工不满意度",
        ),
        Objective("attrition", Attrition(), 0.10, "<", label="人员流失率"),
    )


def seed_ranking() -> Ranking:
    """The monthly ranking of staff: top and bottom 25%, ties included.

    Source: "公布成绩前25%人员和后25%人员", published monthly, by the credit-card
    centre of "如何做好银行客服工作" (红杰人力人才网, 2015).
    """
    return Ranking(fraction=0.25, better="higher", ties="include")

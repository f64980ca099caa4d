"""Regulators' time limits as promises, cited as the ``holidays`` package cites notices.

Each limit is kept twice, as the entry a rulebook's ``promises`` list takes
(``NFRA_COMPLAINTS``...) and as a function that measures it on a calendar the
host passes (:func:`nfra_complaints`...). The function reads its own data, so
the two never disagree.

The periods are day periods as the Civil Code counts them (民法典 Art. 200-203,
:meth:`~svcquality.BusinessCalendar.period_deadline`): "15日" is not 360 hours.
Each docstring says how well its source was verified in writing this library.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from svcquality._fields import shown
from svcquality.calendars import BusinessCalendar
from svcquality.durations import parse_duration
from svcquality.errors import PromiseError
from svcquality.promises import Extension, Promise

__all__ = [
    "CREDIT_REPORT_DISPUTE",
    "NFRA_COMPLAINTS",
    "PBOC_FORWARDED_COMPLAINTS",
    "REGIONAL_FIRST_CONTACT",
    "credit_report_dispute",
    "nfra_complaints",
    "pboc_forwarded_complaints",
    "regional_first_contact",
]

#: 银行业保险业消费投诉处理管理办法: decide and inform within 15日, extensions to 30
#: and 60日, external appraisal left out.
NFRA_COMPLAINTS: dict[str, Any] = {
    "service": "consumer_complaint",
    "name": "nfra_complaints",
    "goal": 1.0,
    "milestones": {"decide": "15日"},
    "extensions": {
        "decide": [
            {"to": "30日", "requires_reason": True},
            {
                "to": "60日",
                "requires_reason": True,
                "requires_approval": True,
                "requires_customer_informed": True,
            },
        ]
    },
    "pause_reasons": ["external_appraisal"],
}

#: 征信业管理条例 Art. 25: a dispute checked and answered in writing within 20日.
CREDIT_REPORT_DISPUTE: dict[str, Any] = {
    "service": "credit_report_dispute",
    "name": "credit_report_dispute",
    "goal": 1.0,
    "milestones": {"reply": "20日"},
}

#: A complaint forwarded by the People's Bank of China: 15日, at most 60日 with approval.
PBOC_FORWARDED_COMPLAINTS: dict[str, Any] = {
    "service": "pboc_forwarded_complaint",
    "name": "pboc_forwarded_complaints",
    "goal": 1.0,
    "milestones": {"decide": "15日"},
    "extensions": {
        "decide": [
            {"to": "60日", "requires_reason": True, "requires_approval": True},
        ]
    },
}

#: A regional first-contact rule: contact the complainant within 1 working day.
REGIONAL_FIRST_CONTACT: dict[str, Any] = {
    "service": "consumer_complaint",
    "name": "regional_first_contact",
    "goal": 1.0,
    "milestones": {"contact": "1个工作日"},
}


def _promise(data: Mapping[str, Any], calendar: BusinessCalendar) -> Promise:
    """A promise from a preset's plain data, measured on ``calendar``."""
    if not isinstance(calendar, BusinessCalendar):
        msg = (
            f"{data['name']}(calendar): calendar must be "
            f"a BusinessCalendar, got {shown(calendar)}; "
            "pass the calendar of the unit that handles the requests, e.g. "
            "BusinessCalendar.weekly({'mon-fri': '09:00-17:00'}, zone='Asia/Shanghai', "
            "holidays='CN')"
        )
        raise PromiseError(msg)
    data = copy.deepcopy(dict(data))
    extensions = {
        milestone: tuple(
            Extension(
                parse_duration(e["to"]),
                requires_reason=e.get("requires_reason", False),
                requires_approval=e.get("requires_approval", False),
                requires_customer_informed=e.get("requires_customer_informed", False),
            )
            for e in entries
        )
        for milestone, entries in data.get("extensions", {}).items()
    }
    return Promise(
        data["service"],
        {m: parse_duration(text) for m, text in data["milestones"].items()},
        calendar=calendar,
        goal=data["goal"],
        name=data["name"],
        extensions=extensions,
        pause_reasons=tuple(data.get("pause_reasons", ())),
    )


def nfra_complaints(calendar: BusinessCalendar) -> Promise:
    """A bank's consumer complaint: decided and the complainant told within 15日.

    The milestone ``decide`` is ``Target.days(15)`` from receipt, with two
    extensions in order: to 30日 when the case is complex (a reason is
    required), then to 60日 in all when it is especially complex or for other
    special reasons, approved by the superior institution or a senior manager
    of the head office and the complainant told (reason, approver and
    customer informed required). The only pause allowed is
    ``"external_appraisal"``: time for an outside institution's appraisal,
    testing or evaluation may be left out of the period. New facts and reasons
    restart the period: record ``Retargeted(at, promise, policy="restart")``.

    References:
        * 《银行业保险业消费投诉处理管理办法》, 中国银行保险监督管理委员会令2020年
          第3号 (CBIRC Order 2020 No. 3), issued 14 January 2020, in force 1 March
          2020; the 15/30/60-day limits in Art. 21. Its regulator is now the
          National Financial Regulatory Administration (国家金融监督管理总局,
          NFRA), hence the name. Reported on issue: 财新网, 2020-01-17,
          http://finance.caixin.com/2020-01-17/101505443.html; 新华社, 2020-01-17.

    Limitations:
        * Verified: the 15日 limit, the extension to 30日 for complex cases and
          the further 30日 with approval and notice (as reported by 财新网 and
          新华社, and in published copies of the Order). Not verified against the
          official text in writing this library: the article numbers of the
          appraisal exclusion and of the restart on new facts.
        * The regulation does not say whether a complaint received after close
          of business counts from that day; the period counts from the receipt
          date, as the Civil Code does, and the host may pass a cut-off by
          building its own ``Target.days(15, cutoff=...)``.

    Examples:
        >>> cal = BusinessCalendar.weekly({"mon-fri": "09:00-17:00"}, zone="Asia/Shanghai",
        ...                               holidays="CN")
        >>> nfra_complaints(cal)["decide"]
        Target.days(15)
    """
    return _promise(NFRA_COMPLAINTS, calendar)


def credit_report_dispute(calendar: BusinessCalendar) -> Promise:
    """A credit-report dispute (征信异议): checked and answered in writing within 20日.

    The milestone ``reply`` is ``Target.days(20)`` from receipt of the dispute.
    No extension and no pause is provided for.

    References:
        * 《征信业管理条例》, 中华人民共和国国务院令第631号 (State Council Order
          No. 631), 2013, in force 15 March 2013, Art. 25: "自收到异议之日起20日内
          进行核查和处理，并将结果书面答复异议人".

    Limitations:
        * Verified against published copies of Art. 25's text.
        * The regulation gives no pause; a host that must stop the clock has to
          justify it outside this preset.

    Examples:
        >>> cal = BusinessCalendar.weekly({"mon-fri": "09:00-17:00"}, zone="Asia/Shanghai",
        ...                               holidays="CN")
        >>> credit_report_dispute(cal)["reply"]
        Target.days(20)
    """
    return _promise(CREDIT_REPORT_DISPUTE, calendar)


def pboc_forwarded_complaints(calendar: BusinessCalendar) -> Promise:
    """A financial-consumer complaint forwarded by the People's Bank of China.

    The milestone ``decide`` is ``Target.days(15)``, with one extension to
    60日 in all, with a reason and an approval.

    References:
        * 《中国人民银行金融消费者权益保护实施办法》, 中国人民银行令〔2020〕第5号
          (PBOC Order [2020] No. 5), in force 1 November 2020: time limits for
          complaints the PBOC forwards to the financial institution.

    Limitations:
        * Not verified against the Order's text in writing this library: the
          15日 limit and the 60日 ceiling with approval are as the issue that
          asked for this preset summarised them. Check the Order (and any
          local PBOC branch's rule) before relying on it.

    Examples:
        >>> cal = BusinessCalendar.weekly({"mon-fri": "09:00-17:00"}, zone="Asia/Shanghai",
        ...                               holidays="CN")
        >>> pboc_forwarded_complaints(cal)["decide"]
        Target.days(15)
    """
    return _promise(PBOC_FORWARDED_COMPLAINTS, calendar)


def regional_first_contact(calendar: BusinessCalendar) -> Promise:
    """A regional first-contact rule: contact the complainant within 1 working day.

    The milestone ``contact`` is ``Target.working_days(1)``: an example of the
    rules local regulators add to the national ones (Beijing's 2021 rule on
    complaint handling asks for contact within one working day).

    References:
        * 北京银保监局 rules on consumer complaint handling, 2021 (as cited by the
          issue that asked for this preset).

    Limitations:
        * Not verified in writing this library: the rule's title, number and
          article. It is shipped as an example of a regional rule; a bank
          replaces it with the rule of its own regulator.

    Examples:
        >>> cal = BusinessCalendar.weekly({"mon-fri": "09:00-17:00"}, zone="Asia/Shanghai",
        ...                               holidays="CN")
        >>> regional_first_contact(cal)["contact"]
        Target.working_days(1)
    """
    return _promise(REGIONAL_FIRST_CONTACT, calendar)

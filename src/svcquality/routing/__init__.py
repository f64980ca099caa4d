"""First-responder routing: who owns a request, work orders, and routing rules.

Three pieces, all pure (state and events in, decisions and new state out):

- :class:`Request` is the event-sourced ownership of one customer request
  (首问负责制): the first employee who takes it owns it until it closes.
  Ownership moves only by a handover that is offered and then accepted by its
  receiver; a rejected, withdrawn or unanswered offer leaves it where it was.
- A :class:`WorkOrder` hands work to another unit (跨部门协作时通过工单明确责任、
  时限) while the first responder keeps the request: the handler unit, what the
  customer needs, the due instant from an internal :class:`~svcquality.Target`
  on *that unit's* calendar, and a trail of notes every later handler sees
  (前手服务人员…做特定的注记，后手…界面上反映得一清二楚).
  Each work order's clock, and the request's time-to-own (arrival until someone
  owns it), are read with :func:`svcquality.read_clock`: the same reading model
  as the SLA clock, not a second clock.
- :class:`RoutingRules` sends a request to a unit or a role by ordered rules on
  its attributes, ending with a default, and says which rule matched and why.

Source: the service-quality manual (《银行客户服务质量提升操作手册》): "首问负责制+内部工单流转：
首位接待员工全程跟进…例如，客户咨询信用卡积分问题，柜员直接发起工单至信用卡中心，
24小时内反馈方案".
"""

from __future__ import annotations

from svcquality.routing._events import (
    ANSWER,
    OWN,
    Arrived,
    Closed,
    HandoverAccepted,
    HandoverOffered,
    HandoverRejected,
    HandoverWithdrawn,
    NoteAdded,
    RequestEvent,
    Taken,
    WorkOrderAnswered,
    WorkOrderIssued,
)
from svcquality.routing._request import Note, Owner, Request, WorkOrder
from svcquality.routing._rules import ATTRIBUTES, Amount, RoutingDecision, RoutingRule, RoutingRules

__all__ = [
    "ANSWER",
    "ATTRIBUTES",
    "OWN",
    "Amount",
    "Arrived",
    "Closed",
    "HandoverAccepted",
    "HandoverOffered",
    "HandoverRejected",
    "HandoverWithdrawn",
    "Note",
    "NoteAdded",
    "Owner",
    "Request",
    "RequestEvent",
    "RoutingDecision",
    "RoutingRule",
    "RoutingRules",
    "Taken",
    "WorkOrder",
    "WorkOrderAnswered",
    "WorkOrderIssued",
]

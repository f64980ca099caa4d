"""Flexible authority (灵活授权): who may do what, up to which limits, with whom.

An :class:`AuthorityMatrix` maps a role and an action to rules. A rule limits the
amount of one action, the count or sum of actions per period (day, week, month,
year, per actor, per customer or in total), sets conditions on the request (as
data, so a rulebook can state them), and may ask for dual control: a second,
different person. :meth:`AuthorityMatrix.decide` says whether a request is
allowed, which rule decided and why, what is left of the period's limits, and,
when it is not allowed, the lowest role that may approve it.

Money is :class:`Money` (the same class the routing rules take): a
:class:`~decimal.Decimal` amount with an ISO 4217 currency. Floats are refused, and
arithmetic is exact (it never rounds).

Sources: the credit-card centre's "弹性授权" (招商银行信用卡中心, in
"如何做好银行客服工作", 红杰人力人才网, 2015): "对临时额度的调整，一线客户服务专员在线即可完成；
授权一线服务人员调整客户因第一次没收到账单所产生的循环利息；
授权一线客户服务专员有条件处理客户各项手续费用". The emergency window of the
service-quality manual (《银行客户服务质量提升操作手册》): "挂失、诈骗止付等需求优先处理，
启动'双人复核+快速审批'".

The library never reads the clock and keeps no state: the request carries its
instant, and the host passes the period's earlier grants as ``history``.
"""

from __future__ import annotations

from svcquality._money import Money
from svcquality.authority._matrix import AuthorityMatrix
from svcquality.authority._requests import AuthorityRequest, Decision, Granted, Remaining
from svcquality.authority._rules import AuthorityRule, Condition, PeriodLimit

__all__ = [
    "AuthorityMatrix",
    "AuthorityRequest",
    "AuthorityRule",
    "Condition",
    "Decision",
    "Granted",
    "Money",
    "PeriodLimit",
    "Remaining",
]

"""examples/rural_atm_refund_spring_festival.py: ATM refunds over Spring Festival 2026."""

from __future__ import annotations

import holidays
from tests.examples.runner import run


class TestRuralAtmRefundSpringFestival:
    def test_the_holiday_data(self) -> None:
        """Spring Festival 2026 as the holidays package has it: 02-15 to 02-23, two make-up days."""
        cn = holidays.country_holidays("CN", years=2026)
        festival = sorted(d.isoformat() for d in cn if d.month == 2)
        assert festival == [
            "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-23"
        ]  # fmt: skip
        assert {d.isoformat() for d in cn.weekend_workdays if d.year == 2026} >= {
            "2026-02-14",
            "2026-02-28",
        }
        code, out, err = run("rural_atm_refund_spring_festival")
        assert code == 0, err
        assert "放假 closed weekdays: 02-16, 02-17, 02-18, 02-19, 02-20, 02-23" in out
        assert "调休上班 make-up Saturdays: Sat 02-14, Sat 02-28" in out

    def test_refund_deadlines(self) -> None:
        """Five working days after the deemed receipt day, make-up Saturdays included."""
        _, out, _ = run("rural_atm_refund_spring_festival")
        # 02-13, 02-14 (Sat), 02-24, 02-25, 02-26.
        assert "ATM-01  Thu 02-12 10:00  Thu 02-12   Thu 02-26 17:00  Thu 02-19 17:00" in out
        # After close on Friday: counts from the make-up Saturday; 24, 25, 26, 27, 28 (Sat).
        assert "ATM-02  Fri 02-13 20:00  Sat 02-14   Sat 02-28 17:00  Mon 02-23 17:00" in out
        # 正月初一 at night: counts from Tue 02-24; 25, 26, 27, 28 (Sat), 03-02.
        assert "ATM-05  Tue 02-17 03:15  Tue 02-24   Mon 03-02 17:00  Tue 02-24 17:00" in out
        # Without holiday data the make-up Saturday is missed: Tue 03-03.
        assert "ATM-07  Tue 02-24 10:00  Tue 02-24   Mon 03-02 17:00  Tue 03-03 17:00" in out

    def test_refund_clocks(self) -> None:
        """At Fri 02-27 12:00 ATM-01 is 3.5 business hours over its 43.5 (6 + 5 x 7.5)."""
        _, out, _ = run("rural_atm_refund_spring_festival")
        assert "ATM-01  breached used 108.0%,  -3.5 business hours left of 43.5" in out
        # Received on a closed day: the budget is six whole days, 02-24 to 03-02: 45 h.
        assert "ATM-05  running  used  57.8%,  19.0 business hours left of 45.0" in out

    def test_pos_batches(self) -> None:
        """The 25th, or the next working day; January 2027 is not trusted yet."""
        _, out, _ = run("rural_atm_refund_spring_festival")
        assert "POS-01  drawn 2026-01-20 -> credited by Mon 2026-01-26 17:00" in out  # a Sunday
        assert "POS-02  drawn 2026-02-10 -> credited by Wed 2026-02-25 17:00" in out
        assert "POS-03  drawn 2026-02-25 -> credited by Wed 2026-03-25 17:00" in out
        assert "POS-04  drawn 2026-09-10 -> credited by Mon 2026-09-28 17:00" in out  # 中秋节
        assert "POS-05  drawn 2026-12-28 -> not computed: the date 2027-01-25 falls outside" in out

    def test_reading_before_the_festival(self) -> None:
        """Complaints not yet received are not read."""
        code, out, _ = run("rural_atm_refund_spring_festival", "--now", "2026-02-13T12:00+08:00")
        assert code == 0
        clocks = out.split("refund clocks")[1].split("POS")[0]
        assert "ATM-01" in clocks
        assert "ATM-02" not in clocks

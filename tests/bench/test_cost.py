"""The cost model: the CPU fit and the per-message usage of each design."""

from __future__ import annotations

import math

import pytest

from benchmarks.cost import (
    GROUP_SIZES,
    Assumptions,
    CpuModel,
    ProbeFits,
    cost_rows,
    fit_cpu,
)
from benchmarks.results import ProbeResult


def test_fit_goes_through_the_smallest_and_the_largest_probe() -> None:
    probe = [ProbeResult(n, 3, 5.0 + 0.5 * n, 20.0) for n in (100, 10, 1000)]
    probe.append(ProbeResult(400, 3, 900.0, 20.0))  # an outlier in between changes nothing
    model = fit_cpu(probe)
    assert model.base_ms == pytest.approx(5.0)
    assert model.per_recipient_ms == pytest.approx(0.5)
    assert model.at(2000) == pytest.approx(1005.0)


def test_fit_of_one_size_is_flat() -> None:
    assert fit_cpu([ProbeResult(10, 1, 7.0, 9.0)]) == CpuModel(7.0, 0.0)


def test_fit_needs_results() -> None:
    with pytest.raises(ValueError, match="no probe"):
        fit_cpu([])


def test_ourchat_usage_follows_the_group_and_the_scan_follows_the_system() -> None:
    # Given a CPU model and a small event frame
    fits = ProbeFits(CpuModel(5.0, 0.05), CpuModel(6.0, 0.01), CpuModel(5.0, 0.5))
    rows = cost_rows(fits, event_bytes=500, a=Assumptions())
    by = {(row.design.split(" ")[0], row.members): row for row in rows}
    sample = {row.members: row for row in rows if "AWS sample" in row.design}
    for n in GROUP_SIZES:
        ours = by[("ourchat", n)]
        # Then ourchat sends one frame in, one reply and one event per member
        assert ours.apigw_messages == n + 2
        # And a send writes one unit more than before per-group seqs (the ByGroupSeq entry)
        assert ours.wcu == Assumptions().message_wcu_before_seq + 1 == 12
        assert ours.rcu == 3 + math.ceil(n * 0.15 / 4)
        # And the sample posts to every connection of the system whatever the group
        assert sample[n].apigw_messages == 1 + 10_000
        assert sample[n].rcu > ours.rcu
        assert sample[n].dollars()["total"] > ours.dollars()["total"] > 0


def test_frames_over_32_kb_count_as_several_messages() -> None:
    flat = CpuModel(1.0, 0.0)
    rows = cost_rows(ProbeFits(flat, flat, flat), event_bytes=40_000, a=Assumptions())
    ours = next(row for row in rows if row.design.startswith("ourchat") and row.members == 10)
    assert ours.apigw_messages == 2 * 12


def test_the_lambda_settings_are_those_of_the_cdk_apps_pushing_functions() -> None:
    api_stack = pytest.importorskip("ourchat_infra.api_stack")
    assert Assumptions().lambda_memory_mb == api_stack.PUSH_MEMORY_MB
    assert Assumptions().lambda_timeout_s == api_stack.PUSH_TIMEOUT.to_seconds()


def test_fits_are_per_pusher() -> None:
    probe = [ProbeResult(n, 1, 10 + 1.5 * n, 0, "boto3") for n in (10, 1000)]
    probe += [ProbeResult(n, 1, 8 + 0.05 * n, 0, "lean") for n in (10, 1000)]

    fits = ProbeFits.of(probe)

    assert fits.boto3.per_recipient_ms == pytest.approx(1.5)
    assert fits.lean.per_recipient_ms == pytest.approx(0.05)
    assert fits.queued == fits.lean  # not probed: the lean line stands in


def test_above_the_threshold_the_fan_out_function_and_sqs_are_counted() -> None:
    fits = ProbeFits(CpuModel(5.0, 0.05), CpuModel(6.0, 0.01), CpuModel(5.0, 0.5))
    a = Assumptions(handoff_threshold=100, message_groups=16)

    rows = {r.members: r for r in cost_rows(fits, 500, a) if r.design.startswith("ourchat")}

    assert rows[100].invocations == 1
    assert rows[100].sqs_requests == 0
    assert rows[1000].invocations == 1 + 16
    assert rows[1000].sqs_requests == 2 + 2 * 16  # two batches of ten sends, receive + delete
    assert rows[1000].dollars(a)["SQS"] == pytest.approx(34 * 0.50)
    # the last member is reached after the request, the queue and one job's pushes
    assert rows[1000].fanout_ms < rows[1000].lambda_ms

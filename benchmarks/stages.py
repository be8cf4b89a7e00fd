"""The stages of a run: each starts its servers, seeds them, measures, and records results."""

from __future__ import annotations

import asyncio
import time
import traceback
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from benchmarks.arms import ChatArm, RawArm, chat_event_size
from benchmarks.chat_server import chat_server
from benchmarks.coldstart import handler_modules, measure_coldstart
from benchmarks.fanout import sequence_numbers
from benchmarks.fixtures import raw_fixture, seed_fixture
from benchmarks.history import measure_history, seed_history
from benchmarks.machine import describe_machine
from benchmarks.many_connections import measure_many
from benchmarks.options import RunOptions, now_text
from benchmarks.package import (
    infra_bundling_available,
    infra_python_version,
    measure_infra_bundle,
    measure_package,
    runtime_dependencies,
)
from benchmarks.plan import HistoryPlan, StorePlan
from benchmarks.probe import measure_probe
from benchmarks.progress import Progress
from benchmarks.raw_server import raw_server
from benchmarks.results import BenchResults
from benchmarks.scenarios import Running, run_socket_scenarios
from benchmarks.server_process import ServerProcess, start_all
from benchmarks.sink_server import sink_server
from benchmarks.stores import PusherKind, ServerSetup, StoreKind, new_setup, seeding_store
from ourchat.ports.clock import system_clock


class Run:
    """The state of one run: its results, folders, message numbers and moto endpoint."""

    def __init__(self, options: RunOptions, progress: Progress, out_dir: Path, root: Path) -> None:
        self.options = options
        self.plan = options.plan
        self.progress = progress
        self.out_dir = out_dir
        self.root = root
        self.seqs = sequence_numbers()
        self.moto_url: str | None = None
        machine = describe_machine()
        self.results = BenchResults(
            options.plan.name, options.command, now_text(), machine, event_bytes=chat_event_size()
        )

    def use_moto(self, moto: ServerProcess) -> None:
        """Wait for the launched moto child; the DynamoDB stages use its endpoint."""
        self.moto_url = moto.wait_ready().url

    def log(self, name: str) -> Path:
        """The log file of a child server, in the run's folder."""
        return self.out_dir / "logs" / f"{name}.log"

    def stage(self, title: str, body: Callable[[], None]) -> None:
        """Run one stage, recording a failure in the notes instead of ending the run."""
        self.progress.stage(title)
        started = time.monotonic()
        try:
            body()
        except Exception as error:
            self.progress.line(f"   FAILED: {type(error).__name__}: {error}")
            with (self.out_dir / "logs" / "failures.log").open("a") as failures:
                failures.write(traceback.format_exc())
            self.results.notes.append(f"Stage '{title}' failed: {type(error).__name__}: {error}")
        self.progress.line(f"   ({title}: {time.monotonic() - started:.0f} s)")

    def chat_child(self, setup: ServerSetup) -> ServerProcess:
        """A (not yet started) child running LocalChat in this configuration."""
        return chat_server(setup, self.log(setup.data_dir.name))

    def sockets(self, store: StoreKind, plan: StorePlan, with_raw: bool) -> None:
        """Fan-out, throughput and storm on the store's configurations (and the raw server)."""
        pushers: tuple[PusherKind, ...] = ("inprocess", "http") if store == "sqlite" else ("http",)
        setups = [
            new_setup(self.root, store, pusher, self.moto_url, f"{store}-{pusher}")
            for pusher in pushers
        ]
        fixtures = [seed_fixture(setup, plan) for setup in setups]
        with ExitStack() as stack:
            children = [self.chat_child(setup) for setup in setups]
            raw = raw_server(self.log("raw")) if with_raw else None
            start_all(stack, [*children, *([raw] if raw else [])])
            running: list[Running] = []
            if raw is not None:
                running.append(Running(RawArm(raw, self.results.event_bytes), raw_fixture(plan)))
            for setup, fixture, child in zip(setups, fixtures, children, strict=True):
                arm = ChatArm.for_child(child, setup.store, setup.pusher, str(setup.data_dir))
                running.append(Running(arm, fixture))
            concurrency = self.plan.connect_concurrency
            asyncio.run(
                run_socket_scenarios(
                    running, plan, self.seqs, self.results, self.progress, concurrency
                )
            )

    def history(self, store: StoreKind, plan: HistoryPlan) -> None:
        """History reads on a small and a large database of the store."""
        databases = []
        for count in plan.message_counts:
            setup = new_setup(
                self.root, store, "inprocess", self.moto_url, f"history-{store}-{count}"
            )
            self.progress.line(f"   seeding {count:,} messages and {plan.threads:,} threads")
            with seeding_store(setup) as store_:
                fixture = seed_history(store_, count, plan.threads, system_clock(), self.progress)
            databases.append((setup, fixture))
        with ExitStack() as stack:
            children = [self.chat_child(setup) for setup, _ in databases]
            start_all(stack, children)
            arms = [
                (ChatArm.for_child(child, setup.store, setup.pusher, str(setup.data_dir)), fixture)
                for child, (setup, fixture) in zip(children, databases, strict=True)
            ]
            self.results.history += asyncio.run(measure_history(arms, plan.requests, self.progress))

    def coldstart(self) -> None:
        """Handler imports in fresh interpreters, next to boto3's."""
        modules = self.plan.coldstart_modules or handler_modules()
        self.results.coldstart = measure_coldstart(modules, self.plan.coldstart_runs, self.progress)

    def package(self) -> None:
        """The Lambda package's size, from the CDK app's bundling when it is there."""
        pyproject = self.options.pyproject
        dependencies: tuple[str, ...] = ()
        if self.plan.package_dependencies and pyproject is not None and pyproject.exists():
            dependencies = runtime_dependencies(pyproject)
        if dependencies and infra_bundling_available():
            self.results.package = measure_infra_bundle(dependencies)
            return
        version = self.options.python_version or infra_python_version()
        self.results.package = measure_package(dependencies, version)

    def probe(self) -> None:
        """CPU time of sendMessage invocations on moto, for the cost model."""
        if self.moto_url is None:
            return
        with sink_server(self.log("sink")) as sink:
            self.results.probe = measure_probe(
                self.moto_url,
                sink.url,
                self.plan.probe_sizes,
                self.plan.probe_invocations,
                self.progress,
            )

    def many(self) -> None:
        """Many clients (from a child process) on one server, a fan-out to a group of them."""
        plan = self.plan.many
        if plan is None:
            return
        first = next(self.seqs)
        for _ in range(plan.messages):
            next(self.seqs)
        self.results.many = measure_many(
            self.root, self.out_dir / "logs", plan, first, self.progress
        )

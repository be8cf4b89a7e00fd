"""The report's cold start section: handler imports next to boto3's, and the Lambda package."""

from __future__ import annotations

from benchmarks.markdown import mib, num, table, times
from benchmarks.results import BenchResults
from benchmarks.stats import ratio


def coldstart_section(r: BenchResults) -> str:
    """The cold start table (imports per handler and variant) and the Lambda package size."""
    parts: list[str] = []
    if r.coldstart is not None:
        by: dict[str, dict[str, float]] = {}
        for t in r.coldstart.timings:
            by.setdefault(t.module, {})[t.variant] = t.median_ms
        boto3 = by.get("boto3", {}).get("import", float("nan"))
        runs = max((t.runs for t in r.coldstart.timings), default=0)
        rows = []
        for module, variants in by.items():
            loaded = ", ".join(r.coldstart.loaded_at_import.get(module, ())) or "—"
            rows.append(
                [
                    f"`{module}`",
                    num(variants.get("import", float("nan")), 0),
                    times(ratio(variants.get("import", float("nan")), boto3)),
                    num(variants.get("first call", float("nan")), 0),
                    num(variants.get("first call + clients", float("nan")), 0),
                    loaded if module != "boto3" else "—",
                ]
            )
        header = [
            "module",
            "import ms",
            "import / boto3",
            "first call ms",
            "first call + clients ms",
            "heavy packages loaded at import",
        ]
        parts.append(
            f"Medians of {runs} fresh interpreters each.\n\n"
            + table(header, rows, right=(1, 2, 3, 4))
        )
    if r.package is not None:
        p = r.package
        deps = ", ".join(p.dependencies) or "none"
        parts.append(
            f"Lambda package ({p.method}; dependencies: {deps}): {p.files:,} files, "
            f"{mib(p.unzipped_bytes)} unzipped, {mib(p.zipped_bytes)} zipped."
            + (f" {p.note}" if p.note else "")
        )
    return "\n\n".join(parts) or "Not measured."

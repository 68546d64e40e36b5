"""The ``sitroom`` command line.

Exit status: 0 when everything was read and processed, 1 when some input could not be read or some
document failed (the rest of the batch is still done), 2 for a usage error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from importlib import resources
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text
from sqlalchemy.exc import SQLAlchemyError

import sitroom
from sitroom.annotate import ModelNotInstalled, PipelineConfig
from sitroom.cli.progress import RichReporter, err
from sitroom.cli.train import model_option, train_group, with_model_choice
from sitroom.engines import ENGINES, Engine, EngineUnavailable, RunOptions
from sitroom.ingest import IngestLimits
from sitroom.pipeline_setup import StoredConfigError
from sitroom.reconcile import reconcile
from sitroom.report import FORMATS, ExportError, Scope, export, write_report
from sitroom.resolve import KnowledgeBaseError
from sitroom.resolve.gazetteer import Gazetteer, GeoNamesImportError, default_index_path, import_geonames
from sitroom.store import Store, StoreNotFound, doctor
from sitroom.watch import watch
from sitroom.workflow import (
    AnalyzeResult,
    IngestSummary,
    ProcessSummary,
    ReconcileFailed,
    analyze,
    ingest,
    process,
)

EXIT_FAILED = 1  # some input or document failed; the rest was done
EXIT_USAGE = 2  # the command was wrong: nothing was done


def _limits(max_bytes: float | None) -> IngestLimits:
    if max_bytes is None:
        return IngestLimits()
    size = int(max_bytes * 1024 * 1024)
    return IngestLimits(max_file_bytes=size, max_line_bytes=size)


db_option = click.option(
    "--db",
    envvar="SITROOM_DB",
    default="sitroom.db",
    show_default=True,
    help="SQLite file or database URL (env SITROOM_DB).",
)
workers_option = click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    show_default="one per idle core, at most one per 12 documents (local); 1 (ray)",
    help="Processes or Ray actors.",
)
engine_option = click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="local",
    show_default=True,
    is_eager=True,  # known before --address is checked against it
    help="Annotate in local processes, or on a Ray cluster (pip install 'sitroom[ray]').",
)


def _ray_address(context: click.Context, _param: click.Parameter, address: str | None) -> str | None:
    if address is not None and context.params.get("engine") != "ray":
        raise click.UsageError("--address is the Ray cluster for --engine ray")
    return address


address_option = click.option(
    "--address",
    default=None,
    callback=_ray_address,
    help="Ray cluster to join with --engine ray ('auto', host:port or ray://host:port; default: start one).",
)
max_bytes_option = click.option(
    "--max-bytes",
    type=click.FloatRange(0.001),
    default=None,
    help="Largest single document to read, in MB (default 25).",
)
quiet_option = click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
_kb = click.option(
    "--kb",
    "knowledge_bases",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Actor knowledge base (YAML) to add to the bundled one; repeatable. Replaces the --kb files "
    "stored with the store (default: those).",
)
_no_kb = click.option(
    "--no-kb",
    is_flag=True,
    help="Only the bundled knowledge base, replacing the --kb files stored with the store.",
)


def kb_option(command: Callable[..., None]) -> Callable[..., None]:
    return _kb(_no_kb(command))


def _run_options(
    knowledge_bases: tuple[str, ...],
    no_kb: bool,
    workers: int | None,
    engine: Engine,
    address: str | None,
    event_model: str | None = None,
    no_model: bool = False,
) -> RunOptions:
    """How to annotate, from the command line. The configuration is the one given by --kb or --no-kb
    and --model or --no-model, else None: the one stored with the store, else the default."""
    if knowledge_bases and no_kb:
        raise click.UsageError("--kb and --no-kb exclude each other")
    config: PipelineConfig | None = None
    if no_kb:
        config = PipelineConfig()
    elif knowledge_bases:  # by absolute path, so that a run from another folder finds the same files
        config = PipelineConfig.with_knowledge_bases(str(Path(path).resolve()) for path in knowledge_bases)
    return RunOptions(with_model_choice(config, event_model, no_model), workers, engine, address)


def _existing_inputs(
    _context: click.Context, _parameter: click.Parameter, values: tuple[str, ...]
) -> tuple[str, ...]:
    """A local path that does not exist is a usage error, caught before anything is opened or written."""
    missing = [
        value
        for value in values
        if value != "-" and not value.lower().startswith(("http://", "https://")) and not Path(value).exists()
    ]
    if missing:
        err.print(Text(f"error: no such file or directory: {', '.join(missing)}", style="red"))
        sys.exit(EXIT_USAGE)
    return values


def _parse_bbox(
    _context: click.Context, _parameter: click.Parameter, value: str | None
) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError:
        raise click.BadParameter("expected four numbers: WEST,SOUTH,EAST,NORTH") from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise click.BadParameter("expected WEST < EAST within ±180 and SOUTH < NORTH within ±90")
    return west, south, east, north


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(sitroom.__version__, prog_name="sitroom")
def main() -> None:
    """Turn war and conflict news into an evidence-backed situation picture."""


@main.command("analyze")
@click.argument("paths", nargs=-1, required=True, callback=_existing_inputs)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("sitroom-out"),
    show_default=True,
    help="Folder for the exports and the report.",
)
@click.option("--db", default=None, help="Store (default: OUT/sitroom.db).")
@click.option(
    "--format",
    "formats",
    type=click.Choice(FORMATS),
    multiple=True,
    help="Export formats (repeatable; default json).",
)
@workers_option
@engine_option
@address_option
@max_bytes_option
@kb_option
@model_option
@quiet_option
def analyze_command(
    paths: tuple[str, ...],
    out_dir: Path,
    db: str | None,
    formats: tuple[str, ...],
    workers: int | None,
    engine: Engine,
    address: str | None,
    max_bytes: float | None,
    knowledge_bases: tuple[str, ...],
    no_kb: bool,
    event_model: str | None,
    no_model: bool,
    quiet: bool,
) -> None:
    """Ingest, process, export and report PATHS (files, folders, feeds, '-' for stdin)."""
    options = _run_options(knowledge_bases, no_kb, workers, engine, address, event_model, no_model)
    _run_analyze(list(paths), out_dir, db, formats or ("json",), options, max_bytes, quiet)


def _run_analyze(
    paths: list[str],
    out_dir: Path,
    db: str | None,
    formats: tuple[str, ...],
    options: RunOptions,
    max_bytes: float | None,
    quiet: bool,
) -> None:
    with _user_errors(), RichReporter(quiet) as reporter:
        result = analyze(
            paths, out_dir, db, formats, options=options, limits=_limits(max_bytes), reporter=reporter
        )
    _print_summary(result.ingest, result.process)
    for path in result.outputs:
        err.print(f"wrote {path}")
    if not result.outputs:
        err.print("nothing written: the store holds no document")
    sys.exit(_exit_code(result))


@main.command("demo")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("sitroom-demo"),
    show_default=True,
)
@workers_option
@quiet_option
def demo_command(out_dir: Path, workers: int | None, quiet: bool) -> None:
    """Analyze the bundled demo corpus (about 30 articles on the Russia-Ukraine war)."""
    corpus = resources.files("sitroom.demo") / "corpus"
    _run_analyze([str(corpus)], out_dir, None, ("json", "geojson"), RunOptions(workers=workers), None, quiet)


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True, callback=_existing_inputs)
@db_option
@max_bytes_option
@quiet_option
def ingest_command(paths: tuple[str, ...], db: str, max_bytes: float | None, quiet: bool) -> None:
    """Read PATHS into the store (no annotation yet)."""
    with _user_errors(), Store.open(db) as store, RichReporter(quiet) as reporter:
        summary = ingest(store, list(paths), _limits(max_bytes), reporter)
    _print_summary(summary, None)
    sys.exit(1 if summary.problems else 0)


@main.command("process")
@db_option
@workers_option
@engine_option
@address_option
@click.option("--retry-failed", is_flag=True, help="Try documents that failed before again.")
@kb_option
@model_option
@quiet_option
def process_command(
    db: str,
    workers: int | None,
    engine: Engine,
    address: str | None,
    retry_failed: bool,
    knowledge_bases: tuple[str, ...],
    no_kb: bool,
    event_model: str | None,
    no_model: bool,
    quiet: bool,
) -> None:
    """Annotate every document not yet processed by the current pipeline (--workers processes or actors).

    The pipeline is the one stored with the store (its --kb files) unless --kb or --no-kb replace it."""
    options = _run_options(knowledge_bases, no_kb, workers, engine, address, event_model, no_model)
    with _user_errors(), Store.open(db) as store, RichReporter(quiet) as reporter:
        summary = process(store, options, retry_failed=retry_failed, reporter=reporter)
    _print_summary(None, summary)
    sys.exit(1 if summary.failed else 0)


@main.command("watch")
@click.argument("sources", nargs=-1, required=True, callback=_existing_inputs)
@db_option
@click.option(
    "--interval", type=click.FloatRange(0), default=300.0, show_default=True, help="Seconds between rounds."
)
@click.option(
    "--max-backoff",
    type=click.FloatRange(0),
    default=3600.0,
    show_default=True,
    help="Longest wait, in seconds, before polling a failing source again.",
)
@click.option("--once", is_flag=True, help="One round, then exit (for cron).")
@click.option("--max-rounds", type=click.IntRange(1), default=None, help="Stop after this many rounds.")
@click.option("--no-process", is_flag=True, help="Only ingest; leave annotation to `sitroom process`.")
@workers_option
@engine_option
@address_option
@max_bytes_option
@kb_option
@model_option
@quiet_option
def watch_command(
    sources: tuple[str, ...],
    db: str,
    interval: float,
    max_backoff: float,
    once: bool,
    max_rounds: int | None,
    no_process: bool,
    workers: int | None,
    engine: Engine,
    address: str | None,
    max_bytes: float | None,
    knowledge_bases: tuple[str, ...],
    no_kb: bool,
    event_model: str | None,
    no_model: bool,
    quiet: bool,
) -> None:
    """Poll SOURCES (feed URLs, folders, files) every --interval seconds; ingest and process what is new.

    Feeds are fetched conditionally (ETag, Last-Modified) and only changed files are read; failing sources
    back off. The state is kept in the store, so a restarted watcher resumes. Exit status 1 when a source
    failed or some input or document could not be handled in any round.
    """
    options = _run_options(knowledge_bases, no_kb, workers, engine, address, event_model, no_model)
    with _user_errors(), Store.open(db) as store, RichReporter(quiet) as reporter:
        rounds = watch(
            store,
            list(sources),
            interval=interval,
            max_backoff=max_backoff,
            rounds=1 if once else max_rounds,
            limits=_limits(max_bytes),
            options=options,
            annotate=not no_process,
            reporter=reporter,
        )
        troubled = False
        for result in rounds:
            troubled = troubled or bool(result.failures or result.ingest.problems)
            troubled = troubled or bool(result.process and result.process.failed)
            reporter.progress.console.print(
                f"round {result.number}: {result.polled} polled, {result.unchanged} unchanged, "
                f"{result.waiting} backing off, {len(result.failures)} failed"
            )
            for failure in result.failures:
                reporter.problem(failure)
            _print_summary(result.ingest, result.process)
    sys.exit(1 if troubled else 0)


@main.command("export")
@db_option
@click.option("--format", "formats", type=click.Choice(FORMATS), multiple=True, required=True)
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("."), show_default=True)
def export_command(db: str, formats: tuple[str, ...], out_dir: Path) -> None:
    """Write the store as JSON (the documented contract), JSONL, CSV, GeoJSON or Parquet."""
    with _user_errors(), Store.open(db, create=False) as store:
        for fmt in formats:
            for path in export(store, fmt, out_dir):
                err.print(f"wrote {path}")


@main.command("report")
@db_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("."), show_default=True)
@click.option(
    "--since", type=click.DateTime(["%Y-%m-%d"]), help="Only reports published on or after this day."
)
@click.option(
    "--until", type=click.DateTime(["%Y-%m-%d"]), help="Only reports published on or before this day."
)
@click.option("--bbox", callback=_parse_bbox, help="Only this area: WEST,SOUTH,EAST,NORTH in degrees.")
@click.option("--country", help="Only this country (ISO 3166-1 alpha-2 code, e.g. UA).")
def report_command(
    db: str,
    out_dir: Path,
    since: datetime | None,
    until: datetime | None,
    bbox: tuple[float, float, float, float] | None,
    country: str | None,
) -> None:
    """Write the situation report (report.html and report.md) for a period and an area."""
    scope = Scope(since.date() if since else None, until.date() if until else None, bbox, country)
    with _user_errors(), Store.open(db, create=False) as store:
        for path in write_report(store, out_dir, scope):
            err.print(f"wrote {path}")


@main.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True)
@click.option(
    "--token",
    envvar="SITROOM_TOKEN",
    default=None,
    help="Access token (env SITROOM_TOKEN); one is generated and printed when not given.",
)
def serve_command(db: str, host: str, port: int, token: str | None) -> None:
    """The analyst workspace: web app and JSON API (OpenAPI at /api/openapi.json).

    Writes need the token; binding anything but a loopback address makes every API call need it.
    """
    from sitroom.serve import create_app, hosts_for, is_loopback, new_token
    from sitroom.serve.server import run

    with _user_errors(), Store.open(db, create=False) as store:
        token = token or new_token()
        local = is_loopback(host)
        app = create_app(store, token, guard_reads=not local, allowed_hosts=hosts_for(host))
        shown = f"[{host}]" if ":" in host else host
        err.print(f"sitroom workspace on http://{shown}:{port}/#token={token}")
        if not local:
            err.print("not a loopback address: every API call needs the token (open the address above)")
        run(app, store, host, port)


@main.group("gazetteer")
def gazetteer_group() -> None:
    """The offline gazetteer (GeoNames cities and countries, ISO 3166-2 regions)."""


@gazetteer_group.command("import")
@click.argument("dump", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def gazetteer_import_command(dump: Path) -> None:
    """Add a GeoNames dump (allCountries.txt or a country file such as UA.txt, zipped or not).

    Documents processed before the import are processed again by the next `sitroom process`.
    """
    with _user_errors():
        added = import_geonames(dump)
    err.print(f"imported {added:,} entries from {dump} into {default_index_path()}")


@gazetteer_group.command("info")
def gazetteer_info_command() -> None:
    """Where the index is and which data it was built from (builds it on first use)."""
    with _user_errors():
        gazetteer = Gazetteer.open()
        click.echo(f"index: {gazetteer.path}\nversion: {gazetteer.version()}")
        gazetteer.close()


@main.command("stats")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def stats_command(db: str, as_json: bool) -> None:
    """Counts of documents by status and of every kind of record; failed documents by reason."""
    with _user_errors(), Store.open(db, create=False) as store, store.consistent_reads():
        counts = store.counts()
        failed = {reason: len(ids) for reason, ids in store.failures().items()}
    if as_json:
        click.echo(json.dumps({**counts, "failed_by_reason": failed}, indent=2, sort_keys=True))
        return
    table = Table("what", "count", title=f"sitroom store {db}")
    for name, count in sorted(counts.items()):
        table.add_row(name, f"{count:,}")
    Console().print(table)
    if failed:
        reasons = Table("reason", "documents", title="failed documents (sitroom process --retry-failed)")
        for reason, count in failed.items():
            reasons.add_row(reason, f"{count:,}")
        Console().print(reasons)


@main.command("doctor")
@db_option
@click.option("--repair", is_flag=True, help="Fix what can be fixed safely (orphans, re-queue, reconcile).")
def doctor_command(db: str, repair: bool) -> None:
    """Check a store (integrity, schema, orphans, evidence offsets, statuses); exit 1 if unhealthy."""
    with _user_errors(), Store.open(db, create=False, migrate=False) as store:
        diagnosis = doctor.diagnose(store)
        for note in diagnosis.notes:
            click.echo(f"note: {note.line()} [retry: sitroom process --retry-failed]")
        for finding in diagnosis.findings:
            click.echo(
                f"problem: {finding.line()}" + (f" [repair: {finding.repair}]" if finding.repair else "")
            )
        if diagnosis.healthy:
            click.echo(f"ok: {db} passed every check")
            return
        if diagnosis.needs_reconcile:
            click.echo("needs reconcile: incidents and links are stale after these repairs")
        if not repair:
            click.echo(
                f"{len(diagnosis.findings)} problems; run with --repair to fix what can be fixed safely"
            )
            sys.exit(1)
        for line in doctor.repair(store, diagnosis):
            click.echo(f"repaired: {line}")
        if diagnosis.needs_reconcile:
            reconcile(store)
            click.echo("repaired: reconciled incidents and links again")
        remaining = doctor.diagnose(store).findings
        for finding in remaining:
            click.echo(f"still: {finding.line()}")
        if remaining:
            sys.exit(1)
        click.echo(f"ok: {db} passed every check after repair")


@contextmanager
def _user_errors() -> Iterator[None]:
    """Known failures become one clear line and exit status 1 (2 for a missing store), not a traceback."""
    try:
        yield
    except (StoreNotFound, StoredConfigError) as error:
        err.print(Text(f"error: {error}", style="red"))
        sys.exit(EXIT_USAGE)
    except (
        ModelNotInstalled,
        EngineUnavailable,
        ExportError,
        GeoNamesImportError,
        KnowledgeBaseError,
        OSError,
        ReconcileFailed,
        SQLAlchemyError,
    ) as error:
        err.print(Text(f"error: {error}", style="red"))
        sys.exit(EXIT_FAILED)
    except KeyboardInterrupt:
        err.print("interrupted: the store is consistent; run the same command again to resume")
        sys.exit(130)


def _print_summary(ingested: IngestSummary | None, processed: ProcessSummary | None) -> None:
    if ingested is not None:
        err.print(
            f"ingest: {ingested.added} added, {ingested.replaced} replaced, "
            f"{ingested.duplicates} exact duplicates skipped, "
            f"{ingested.near_duplicates} near-duplicates linked, {len(ingested.problems)} problems"
        )
        if ingested.own_outputs:
            err.print(f"skipped {ingested.own_outputs} sitroom outputs (earlier reports, exports, stores)")
    if processed is not None:
        err.print(
            f"process: {processed.processed} annotated, {processed.skipped} not English (stored, "
            f"flagged), {len(processed.failed)} failed"
        )
        for doc_id, error in processed.failed:
            err.print(Text(f"error: {doc_id}: {error}", style="red"))
        if processed.reconcile_error is not None:
            err.print(Text(f"error: {ReconcileFailed(processed)}", style="red"))
        if (reconciled := processed.reconciled) is not None:
            err.print(
                f"reconcile: {reconciled.incidents} incidents ({reconciled.corroborated} corroborated, "
                f"{reconciled.contested} contested), {reconciled.contradictions} contradictions, "
                f"{reconciled.stories} multi-document stories"
            )


def _exit_code(result: AnalyzeResult) -> int:
    process = result.process
    return 1 if result.ingest.problems or process.failed or process.reconcile_error is not None else 0


main.add_command(train_group)

if __name__ == "__main__":
    main()

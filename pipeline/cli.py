"""`python -m pipeline ...`: the command line of design §3."""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TextIO

from pipeline import concordance, corrections, viewer
from pipeline import export as export_command
from pipeline.decoding import DecodeError, decode
from pipeline.dedup.deduplicator import DedupConfig, redis_options
from pipeline.dedup.store import IndexMismatch
from pipeline.entities import mention_fields, mentions
from pipeline.events import event_fields
from pipeline.extract import MAX_FILE_BYTES, ExtractConfig, Extractor, default_jobs
from pipeline.nlp import load
from pipeline.records import token_triples
from pipeline.values import document_year_month, resolve_dates


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    extract = commands.add_parser(
        "extract", help="turn source texts into documents.jsonl, passages.jsonl, ..."
    )
    extract.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders")
    extract.add_argument("--out", required=True, type=Path, metavar="DIR")
    extract.add_argument(
        "--opencc-config",
        default="t2s",
        help="OpenCC conversion for text_norm (length-preserving; default t2s)",
    )
    extract.add_argument(
        "--no-ner-model",
        action="store_true",
        help="entities from the gazetteer and rules only, without the statistical recognizer "
        "(several times faster; names the gazetteer lacks are not found)",
    )
    extract.add_argument("--max-file-bytes", type=int, default=MAX_FILE_BYTES)
    extract.add_argument("--no-progress", action="store_true", help="no progress bar")
    extract.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=default_jobs(),
        metavar="N",
        help="worker processes, each loading the pipeline once (default: all cores)",
    )
    extract.add_argument(
        "--engine",
        choices=("local", "ray"),
        default="local",
        help="local processes, or a Ray cluster (pip install -e .[ray])",
    )
    extract.add_argument(
        "--address", help="the Ray cluster to join (HOST:6379, or auto); default: a local Ray"
    )
    extract.add_argument(
        "--cache",
        type=Path,
        metavar="DIR",
        help="the result cache: unchanged inputs are not processed again (default: DIR/cache)",
    )
    extract.add_argument("--no-cache", action="store_true", help="process every input")
    extract.add_argument(
        "--drop-duplicates",
        action="store_true",
        help="leave records marked duplicate_of (and what they hold) out of the export",
    )
    extract.add_argument(
        "--dedup-index",
        type=Path,
        metavar="DIR",
        help="the dedup index to extend and dedup against (default: DIR/dedup-index)",
    )
    extract.add_argument(
        "--dedup-redis",
        metavar="URL",
        help="keep the dedup LSH in Redis (redis://host:port/db), for several machines",
    )
    extract.add_argument(
        "--dedup-threshold",
        type=float,
        default=DedupConfig.threshold,
        help=f"Jaccard similarity from which two texts are duplicates "
        f"(default {DedupConfig.threshold})",
    )
    segment = commands.add_parser(
        "segment", help="words of each line separated by spaces, in the line's own script"
    )
    segment.add_argument("file", nargs="?", type=Path, help="input text (default: stdin)")
    segment.add_argument("--opencc-config", default="t2s")
    tag = commands.add_parser(
        "tag", help="one JSON object a line: tokens, entities (with kb_id and value), events"
    )
    tag.add_argument("file", nargs="?", type=Path, help="input text (default: stdin)")
    tag.add_argument("--opencc-config", default="t2s")
    tag.add_argument(
        "--date", help="the text's date (YYYY or YYYY-MM-DD): resolves 今年, 去年, 9月8日 …"
    )
    extract.set_defaults(handler=run_extract)
    segment.set_defaults(handler=run_segment)
    tag.set_defaults(handler=run_tag)
    # Commands over an output folder register themselves (their parser and handler).
    viewer.register(commands)
    corrections.register(commands)
    export_command.register(commands)
    concordance.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.handler(args))


def _input_lines(file: Path | None) -> Iterator[str]:
    """Lines without their line ends, decoded like any source (so Big5 or UTF-16 works)."""
    if file is None:
        stream = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
        for line in stream:
            yield line.rstrip("\r\n")
        return
    yield from decode(file.read_bytes()).text.splitlines()


def _utf8_stdout() -> TextIO:
    """Standard output as UTF-8 with \\n line ends, whatever the locale."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8", newline="\n")
    return sys.stdout


def _write_lines(lines: Callable[[], Iterable[str]]) -> int:
    """Writes the lines a command produces (lazily, a line in, a line out); an unreadable
    input or a bad option is an error message and exit status 1."""
    try:
        out = _utf8_stdout()
        for line in lines():
            out.write(line + "\n")
        out.flush()
    except (OSError, DecodeError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


def run_segment(args: argparse.Namespace) -> int:
    """SIGHAN format: one line in, the same line out with one space between words."""

    def lines() -> Iterator[str]:
        nlp = load(args.opencc_config, entities=False)
        for doc in nlp.tokenizer.pipe(_input_lines(args.file)):
            yield " ".join(t.text for t in doc if not t.is_space)

    return _write_lines(lines)


def run_tag(args: argparse.Namespace) -> int:
    """Design §3: `{"text", "tokens", "entities", "events"}` a line, offsets into the line.
    Dates are resolved within the line (同年 needs an earlier year in the same line)."""
    year, month = document_year_month(args.date)

    def lines() -> Iterator[str]:
        nlp = load(args.opencc_config)
        for doc in nlp.pipe(_input_lines(args.file)):
            resolve_dates((e._.value for e in doc.ents if e.label_ == "DATE"), year, month)
            nlp.get_pipe("events").complete(doc._.events or [])
            record = {
                "text": doc.text,
                "tokens": token_triples(doc),
                "entities": [mention_fields(e) for e in mentions(doc)],
                "events": [event_fields(doc, e) for e in doc._.events or []],
            }
            yield json.dumps(record, ensure_ascii=False)

    return _write_lines(lines)


def run_extract(args: argparse.Namespace) -> int:
    missing = [i for i in args.inputs if not Path(i).exists()]
    try:
        config = ExtractConfig(
            opencc_config=args.opencc_config,
            ner_model=not args.no_ner_model,
            max_file_bytes=args.max_file_bytes,
            dedup=DedupConfig(threshold=args.dedup_threshold),
        )
        extractor = Extractor(
            config,
            dedup_index=args.dedup_index,
            redis=redis_options(args.dedup_redis) if args.dedup_redis else None,
            drop_duplicates=args.drop_duplicates,
            jobs=max(1, args.jobs),
            engine=args.engine,
            address=args.address,
            cache=False if args.no_cache else (args.cache or True),
        )
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    try:
        summary = extractor.run(args.inputs, args.out, progress=not args.no_progress)
    except IndexMismatch as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"error: cannot write to {args.out}: {err}", file=sys.stderr)
        return 1
    print(
        f"extract: {summary.documents} documents ({summary.ok} ok, {summary.errors} errors), "
        f"{summary.passages} passages, {summary.entities} entities, {summary.events} events "
        f"in {summary.seconds:.1f}s -> {args.out}/"
    )
    if missing:
        print(
            f"note: {len(missing)} input(s) did not exist and are recorded in errors.jsonl",
            file=sys.stderr,
        )
    if summary.errors:
        print(f"see {args.out}/errors.jsonl for the reasons", file=sys.stderr)
    return 0

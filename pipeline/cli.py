"""`python -m pipeline ...`: the command line of design §3."""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TextIO

from pipeline.dedup.config import DedupConfig, redis_options
from pipeline.dedup.store import IndexMismatch
from pipeline.extract.publish import FolderBusy
from pipeline.extract.records import token_triples
from pipeline.extract.run import MAX_FILE_BYTES, ExtractConfig, Extractor, default_jobs
from pipeline.nlp.events import event_fields
from pipeline.nlp.events.document import complete
from pipeline.nlp.spans import mention_fields, mentions
from pipeline.outputs import corrections, show, view
from pipeline.outputs import export as export_command
from pipeline.text.decoding import DecodeError, decode
from pipeline.text.normalize import LENGTH_PRESERVING

BROKEN_PIPE_STATUS = 128 + 13  # as a command killed by SIGPIPE (cat, grep) exits


def _positive_int(text: str) -> int:
    """An integer of at least 1 (argparse names the option when this raises)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not allowed: give 1 or more")
    return value


def _similarity(text: str) -> float:
    """A Jaccard similarity in (0, 1]."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"{value} is not allowed: give a number in (0, 1]")
    return value


def _opencc_config(text: str) -> str:
    if text not in LENGTH_PRESERVING:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not allowed: give one of {', '.join(sorted(LENGTH_PRESERVING))} "
            "(phrase configs change lengths and would misalign text_norm)"
        )
    return text


def _redis_url(text: str) -> str:
    try:
        redis_options(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    return text


def _iso_date(text: str) -> str:
    """YYYY, YYYY-MM or YYYY-MM-DD, a real date."""
    formats = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}
    try:
        datetime.strptime(text, formats[len(text)])
    except (KeyError, ValueError):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date: give YYYY, YYYY-MM or YYYY-MM-DD"
        ) from None
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    extract = commands.add_parser(
        "extract", help="turn source texts into documents.jsonl, passages.jsonl, ..."
    )
    extract.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders")
    extract.add_argument(
        "--out",
        required=True,
        type=Path,
        metavar="DIR",
        help="the output folder (created; published as a set; one run at a time)",
    )
    extract.add_argument(
        "--opencc-config",
        default="t2s",
        type=_opencc_config,
        help="OpenCC conversion for text_norm: "
        f"{', '.join(sorted(LENGTH_PRESERVING))} (default t2s)",
    )
    extract.add_argument(
        "--no-ner-model",
        action="store_true",
        help="entities from the gazetteer and rules only, without the statistical recognizer "
        "(several times faster; names the gazetteer lacks are not found)",
    )
    extract.add_argument(
        "--max-file-bytes",
        type=_positive_int,
        default=MAX_FILE_BYTES,
        metavar="N",
        help=f"larger files are recorded as errors (default {MAX_FILE_BYTES})",
    )
    extract.add_argument("--no-progress", action="store_true", help="no progress bar")
    extract.add_argument(
        "-j",
        "--jobs",
        type=_positive_int,
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
        type=_redis_url,
        metavar="URL",
        help="keep the dedup LSH in Redis (redis://host:port/db), for several machines",
    )
    extract.add_argument(
        "--dedup-threshold",
        type=_similarity,
        metavar="J",
        default=DedupConfig.threshold,
        help=f"Jaccard similarity from which two passages are duplicates "
        f"(default {DedupConfig.threshold}); documents: Jaccard "
        f"{DedupConfig.document_threshold} or containment {DedupConfig.containment} (README)",
    )
    segment = commands.add_parser(
        "segment", help="words of each line separated by spaces, in the line's own script"
    )
    segment.add_argument("file", nargs="?", type=Path, help="input text (default: stdin)")
    segment.add_argument(
        "--opencc-config", default="t2s", type=_opencc_config, help="as for extract"
    )
    tag = commands.add_parser(
        "tag", help="one JSON object a line: tokens, entities (with kb_id and value), events"
    )
    tag.add_argument("file", nargs="?", type=Path, help="input text (default: stdin)")
    tag.add_argument(
        "--opencc-config", default="t2s", type=_opencc_config, help="as for extract"
    )
    tag.add_argument(
        "--date",
        type=_iso_date,
        help="the text's date (YYYY or YYYY-MM-DD): resolves 今年, 去年, 9月8日 …"
    )
    extract.set_defaults(handler=run_extract)
    segment.set_defaults(handler=run_segment)
    tag.set_defaults(handler=run_tag)
    # Commands over an output folder register themselves (their parser and handler).
    view.register(commands)
    corrections.register(commands)
    export_command.register(commands)
    show.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        print("interrupted: nothing was published", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `… | head`: the reader has all it wanted
        _quiet_stdout()
        return BROKEN_PIPE_STATUS


def _quiet_stdout() -> None:
    """Points standard output at /dev/null, so that the interpreter's own flush at exit
    does not fail again on the closed pipe (the Python documentation's advice for SIGPIPE:
    library/signal.html, "Note on SIGPIPE")."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file (a test's capture): nothing to redirect
        pass
    finally:
        os.close(devnull)


def _input_lines(file: Path | None) -> Iterator[str]:
    """Lines without their line ends, decoded like any source (so Big5 or UTF-16 works)."""
    if file is None:
        for number, line in enumerate(sys.stdin.buffer, start=1):
            try:
                yield line.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError as err:
                raise DecodeError(
                    f"standard input, line {number}: not valid UTF-8 (invalid byte at "
                    f"offset {err.start}); give a file to have its encoding detected"
                ) from None
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
    except BrokenPipeError:
        raise
    except (OSError, DecodeError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


def run_segment(args: argparse.Namespace) -> int:
    """SIGHAN format: one line in, the same line out with one space between words."""
    from pipeline.nlp.language import load  # spaCy with it: only the commands that annotate

    def lines() -> Iterator[str]:
        nlp = load(args.opencc_config, entities=False)
        for doc in nlp.tokenizer.pipe(_input_lines(args.file)):
            yield " ".join(t.text for t in doc if not t.is_space)

    return _write_lines(lines)


def run_tag(args: argparse.Namespace) -> int:
    """Design §3: `{"text", "tokens", "entities", "events"}` a line, offsets into the line.
    Dates are resolved within the line (同年 needs an earlier year in the same line)."""
    from pipeline.nlp.language import load  # spaCy with it: only the commands that annotate

    def lines() -> Iterator[str]:
        nlp = load(args.opencc_config)
        for doc in nlp.pipe(_input_lines(args.file)):
            complete(nlp, [doc], args.date)
            record = {
                "text": doc.text,
                "tokens": token_triples(doc),
                "entities": [mention_fields(e) for e in mentions(doc)],
                "events": [event_fields(doc, e) for e in doc._.events or []],
            }
            yield json.dumps(record, ensure_ascii=False)

    return _write_lines(lines)


def _usage_error(message: str) -> int:
    print(f"python -m pipeline extract: error: {message}", file=sys.stderr)
    return 2


def run_extract(args: argparse.Namespace) -> int:
    """Checks every option and path before any work (usage errors exit 2), then runs."""
    missing = [i for i in args.inputs if not os.path.exists(i)]
    if missing:
        return _usage_error(f"input path does not exist: {', '.join(missing)}")
    if args.out.exists() and not args.out.is_dir():
        return _usage_error(f"--out {args.out} exists and is not a folder")
    out = args.out.resolve()
    for given in args.inputs:
        if Path(given).is_dir() and Path(given).resolve() == out:
            return _usage_error(f"--out {args.out} is the input folder {given}")
    if args.address and args.engine != "ray":
        return _usage_error("--address needs --engine ray")
    if args.engine == "ray" and importlib.util.find_spec("ray") is None:
        return _usage_error("--engine ray needs Ray, an extra: pip install '.[ray]'")
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
        jobs=args.jobs,
        engine=args.engine,
        address=args.address,
        cache=False if args.no_cache else (args.cache or True),
    )
    try:
        summary = extractor.run(args.inputs, args.out, progress=not args.no_progress)
    except (IndexMismatch, FolderBusy) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2 if isinstance(err, IndexMismatch) else 75
    except OSError as err:
        print(
            f"error: cannot write to {args.out}: {err}; the previous output is unchanged",
            file=sys.stderr,
        )
        return 1
    print(
        f"extract: {summary.documents} documents ({summary.ok} ok, {summary.errors} errors), "
        f"{summary.passages} passages, {summary.entities} entities, {summary.events} events "
        f"in {summary.seconds:.1f}s -> {args.out}/"
    )
    if summary.errors:
        print(f"see {args.out}/errors.jsonl for the reasons", file=sys.stderr)
    return 0

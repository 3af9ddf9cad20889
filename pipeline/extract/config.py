"""The extract job's configuration: everything that changes its output, and its hash."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from pipeline.dedup.config import DedupConfig
from pipeline.digests import json_digest
from pipeline.text.normalize import Normalizer

# A book-length PDF dump is a few MB; past this a file is refused (raise with
# --max-file-bytes), which bounds a worker's memory.
MAX_FILE_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class ExtractConfig:
    """Everything that changes the output; its hash goes into run.json."""

    opencc_config: str = "t2s"
    ner_model: bool = True  # the statistical recognizer (else gazetteer and rules only)
    max_file_bytes: int = MAX_FILE_BYTES
    dedup: DedupConfig = field(default_factory=DedupConfig)

    def __post_init__(self) -> None:
        Normalizer(self.opencc_config)  # a ValueError for a config text_norm cannot use
        if self.max_file_bytes < 1:
            raise ValueError(f"max_file_bytes must be 1 or more, not {self.max_file_bytes}")

    def digest(self) -> str:
        return json_digest(asdict(self))[:16]

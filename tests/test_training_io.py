"""Both trainers read their files the same way: an unreadable file or a line that is not JSON is an
error naming the file and the line."""

from __future__ import annotations

import pytest

from sitroom.annotate.attribution.training import AttributionDataError, read_attribution_examples
from sitroom.annotate.learned import TrainingError
from sitroom.annotate.learned.training import read_examples


@pytest.mark.parametrize(
    ("read", "error"), [(read_examples, TrainingError), (read_attribution_examples, AttributionDataError)]
)
def test_a_line_that_is_not_json_is_named(tmp_path, read, error):
    path = tmp_path / "data.jsonl"
    path.write_text('\n{"text": "Kyiv said the talks would resume."}\n{"text": broken\n', encoding="utf-8")
    with pytest.raises(error, match=r"data\.jsonl:3: not JSON"):
        read(path)


@pytest.mark.parametrize(
    ("read", "error"), [(read_examples, TrainingError), (read_attribution_examples, AttributionDataError)]
)
def test_a_file_that_is_not_text_cannot_be_read(tmp_path, read, error):
    path = tmp_path / "data.jsonl"
    path.write_bytes(b"\xff\xfe\x00\xd8 not utf-8")
    with pytest.raises(error, match="cannot read"):
        read(path)

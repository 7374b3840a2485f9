"""The fuzzer's classifier tells each defect apart (a check that can never fire proves nothing),
and the mutator is deterministic."""

from __future__ import annotations

from pathlib import PurePosixPath

from generator.writer import RenderedFile
from tests.fuzz.harness import check_files, load_base
from tests.fuzz.mutate import MARKER, mutant


def outcome_of(path: str, content: str) -> str:
    return check_files([RenderedFile(PurePosixPath(path), content)]).kind


def test_the_classifier_tells_the_defects_apart() -> None:
    assert outcome_of("pkg/a.py", "x = 1\n") == "ok"
    assert outcome_of("pkg/a.py", f"x = {MARKER!r}  # {MARKER}()\n") == "ok"  # text, not code
    assert outcome_of("pkg/a.py", f"x = 1\n{MARKER}()\n") == "injection"
    assert outcome_of("pkg/a.py", "def f(:\n") == "broken-package"
    assert outcome_of("pkg/a.py", "x = '\ud800'\n") == "broken-package"  # not UTF-8 text
    assert outcome_of("docs/a.html", f"<p>&lt;script&gt;{MARKER}()</p>") == "ok"
    assert outcome_of("docs/a.html", f"<p><script>{MARKER}()</script></p>") == "injection"


def test_mutants_are_deterministic_and_varied() -> None:
    base = load_base("parcels")
    assert mutant(base, 7) == mutant(base, 7)
    assert len({mutant(base, seed).steps for seed in range(20)}) == 20
    assert 0 < sum(mutant(base, seed).as_yaml for seed in range(40)) < 40

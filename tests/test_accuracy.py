"""The parser on a generated corpus of every layout and noise: the accuracy bars CI guards."""

from __future__ import annotations

import pytest

from pipelines.synth.accuracy import detection, score
from pipelines.synth.corpus import generate
from pipelines.synth.extract import EXTRACTORS, available
from pipelines.synth.noise import LAYOUTS, NOISES

REPORTS = 200


@pytest.fixture(scope="module")
def corpus():
    return list(generate(REPORTS, seed=2026, broken_share=0.08))


def test_the_corpus_covers_every_layout_extractor_and_noise_kind(corpus) -> None:
    assert {g.truth["layout"] for g in corpus} == {lay for lay in LAYOUTS if lay not in EXTRACTORS or available(lay)}
    assert {n for g in corpus for n in g.truth["noise"]} == set(NOISES)
    assert sum(g.truth["broken"] is not None for g in corpus) >= 8


def test_every_layout_and_extractor_reads_999_per_mille_of_cells_and_99_percent_of_reports_whole(corpus) -> None:
    out = score(corpus)
    assert not out.errors
    worst = {k: t.cell_accuracy for k, t in out.by_layout.items() if t.cell_accuracy < 0.999}
    assert not worst, (worst, list(out.wrong.items())[:5])
    not_whole = {k: (t.reports_right, t.reports) for k, t in out.by_layout.items()
                 if t.reports_right < 0.99 * t.reports}
    assert not not_whole, (not_whole, list(out.wrong.items())[:5])
    assert all(right == total for right, total in out.by_field.values()), dict(out.by_field)


@pytest.fixture(scope="module")
def detected(corpus, tmp_path_factory: pytest.TempPathFactory):
    """The corpus through the pipeline, its checks read back (once for the tests below)."""
    return detection(corpus, tmp_path_factory.mktemp("detection"))


def test_every_broken_report_is_caught_by_its_rule_and_no_clean_report_alarms(detected) -> None:
    det = detected
    assert det.broken >= 8
    assert det.missed == []
    assert det.false_alarms == []
    assert det.wrongly_blamed == []


def test_prose_misstating_its_tables_is_found_and_prose_that_agrees_never_alarms(detected) -> None:
    det = detected
    assert det.prose_mismatches >= 20
    assert det.prose_missed == []
    assert det.prose_caught == det.prose_mismatches


def test_the_generator_is_reproducible_from_its_seed() -> None:
    a = [(g.name, g.truth) for g in generate(20, seed=5)]
    b = [(g.name, g.truth) for g in generate(20, seed=5)]
    assert a == b


def test_the_generator_makes_any_count_of_distinct_agencies() -> None:
    import random

    from pipelines.synth.corpus import _Agencies

    agencies = _Agencies(random.Random(1))
    names = [agencies.new() for _ in range(12_000)]  # more than place x body x town names
    assert len(set(names)) == len(names)

"""Titles: the normalized form (exact title + seller) and the comparable form (fuzzy)."""

from __future__ import annotations

import pytest

from domain.duplicates import TitleCache, TitleFacts, comparable_title, normalize_title


@pytest.mark.parametrize(
    ("title", "normalized"),
    [
        ("Dell OptiPlex 7050 Micro", "dell optiplex 7050 micro"),
        ("  DELL   OptiPlex\t7050 ", "dell optiplex 7050"),
        ("Lenovo M720q (i5-8500T, 16GB/256GB)!", "lenovo m720q i5 8500t 16gb 256gb"),
        ("Mini_PC -- 100% new", "mini pc 100 new"),
        ("ÜBER Größe", "über größe"),
        ("***", ""),
    ],
)
def test_normalize_title(title: str, normalized: str) -> None:
    assert normalize_title(title) == normalized


def test_every_normalized_word_is_in_the_lower_cased_title() -> None:
    """What the SQL adapter's pre-filter relies on."""
    title = "HP EliteDesk 800 G4 (DM) — i5-8500T/8GB, ÆRØ edition"
    assert all(word in title.lower() for word in normalize_title(title).split())


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ASUS RTX3060 12GB", "asus rtx 3060 12 gb"),  # letters and digits split
        ("HP ProDesk 400 G5 SFF", "HP ProDesk 400 G5 Small Form Factor"),
        ("ThinkPad X1 Carbon Gen 9", "ThinkPad X1 Carbon 9th Gen"),
        ("ThinkPad T14 G2", "ThinkPad T14 Gen2"),
        ("Lenovo TC M80q", "Lenovo ThinkCentre M80q"),
        ("HP 290 G4 MT", "HP 290 G4 Microtower"),
        (
            "Dell 7050 Micro i5 8GB 256GB",
            "Dell 7050 Micro Intel Core i5 8GB RAM 256GB SSD Refurbished",
        ),
    ],
)
def test_comparable_titles_spell_things_one_way(a: str, b: str) -> None:
    assert comparable_title(a) == comparable_title(b)


def test_comparable_titles_keep_what_names_the_machine() -> None:
    assert comparable_title("Apple MacBook Pro 14 M1 Pro") == "apple macbook pro 14 m 1 pro"


@pytest.mark.parametrize(
    ("title", "comparable"),
    [
        ("RTX3060Ti 12GB", "rtx 3060 ti 12"),  # a space either side of each run of digits
        ("i7-8700T/16GB", "i 7 8700 t 16"),
        ("2x8GB DDR4-3200", "2 x 8 3200"),
        ("Mini PC", "mini"),
        ("", ""),
    ],
)
def test_comparable_title_splits_letters_and_digits(title: str, comparable: str) -> None:
    assert comparable_title(title) == comparable


def test_title_facts_hold_each_form_of_the_title() -> None:
    facts = TitleFacts("Lenovo ThinkCentre M720q Tiny, i5-8500T")
    assert facts.title == "Lenovo ThinkCentre M720q Tiny, i5-8500T"
    assert facts.normalized == normalize_title(facts.title)
    assert facts.comparable == comparable_title(facts.title)
    # What token_sort_ratio compares: the comparable words, sorted.
    assert facts.sorted_words == " ".join(sorted(facts.comparable.split()))
    assert facts.models["cpu"] == {"8500t"}


def test_a_title_cache_makes_one_facts_per_title() -> None:
    cache = TitleCache()
    first = cache["Beelink SER5"]
    assert cache["Beelink SER5"] is first
    assert cache["Beelink SER6"] is not first
    assert first.title == "Beelink SER5"
    assert len(cache) == 2

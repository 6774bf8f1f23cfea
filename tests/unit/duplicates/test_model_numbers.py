"""Model-number tokens: what must agree before two titles can be the same machine."""

from __future__ import annotations

import pytest

from domain.duplicates import conflicting_model_numbers, model_numbers


def conflict(a: str, b: str) -> str | None:
    return conflicting_model_numbers(model_numbers(a), model_numbers(b))


@pytest.mark.parametrize(
    ("title", "kind", "tokens"),
    [
        ("Dell 7050 Micro i5-8500T", "cpu", {"8500t"}),
        ("Dell 7050 Micro i5-8500T", "tier", {"i5"}),
        ("Dell 7050 Micro I5 8500T", "cpu", {"8500t"}),  # spacing and case
        ("Dell 7050 Micro Core 8500T", "cpu", {"8500t"}),
        ("Dell 7050 i7-7700T", "cpu", {"7700t"}),
        ("Dell 7050 i7-7700", "cpu", {"7700"}),
        ("Minisforum UM790 Pro Ryzen 9 7940HS", "cpu", {"7940hs"}),
        ("Minisforum UM790 Pro Ryzen 9 7940HS", "tier", {"r9"}),
        ("Beelink SER5 5800H", "cpu", {"5800h"}),
        ("Surface Pro 7 i5-1035G4", "cpu", {"1035g4"}),
        ("Xeon E3-1240 v5", "cpu", {"e3-1240v5"}),
        ("Mac mini M2 Pro", "cpu", {"m2pro"}),
        ("GMKtec NucBox G3 N100", "cpu", {"n100"}),
        ("HP EliteDesk 800 G4", "gen", {"4"}),
        ("ThinkPad X1 Carbon 9th Gen", "gen", {"9"}),
        ("ThinkPad T14 Gen2", "gen", {"2"}),
        ("Lenovo ThinkCentre M720q Tiny", "model", {"m720q"}),
        ("Lenovo ThinkCentre M720Q", "model", {"m720q"}),
        ("HP Pavilion 15-eg0050wm", "model", {"15-eg0050wm"}),  # hyphen-joined kept together
        ("ASUS RTX 3060 Ti", "gpu", {"rtx3060ti"}),
        ("ASUS RTX3060TI", "gpu", {"rtx3060ti"}),
        ("Sapphire RX 6600 XT", "gpu", {"rx6600xt"}),
        ("Dell 7050 SFF", "form", {"sff"}),
        ("Lenovo M720q Tiny", "form", {"micro"}),
        ("MacBook Pro (2021)", "year", {"2021"}),
        ("M720q 8GB 256GB", "ram", {"8"}),
        ("M720q 8GB 256GB", "storage", {"256"}),
        ("M720q 16GB (2x8GB) RAM 1TB SSD", "storage", {"1000"}),
        ("Wyse 5070 8GB 64GB", "storage", {"64"}),  # after a RAM size
        ("Wyse 5070 8GB RAM 64GB eMMC", "storage", {"64"}),
        ("RTX 3060 12GB", "ram", {"12"}),
    ],
)
def test_tokens_by_kind(title: str, kind: str, tokens: set[str]) -> None:
    assert model_numbers(title)[kind] == tokens


@pytest.mark.parametrize(
    "title",
    [
        'Dell Latitude 15.6" 1920x1080 144Hz 3.6GHz 65W Windows 11 Pro',
        "Mini PC WiFi 6 USB 3.2 HDMI 2.1 DDR4 PCIe4.0 M.2 BT5.2 2.5GbE",
        "Tower PC $299 100% tested 1 year warranty pack of 2",
    ],
)
def test_noise_is_not_a_model_number(title: str) -> None:
    found = model_numbers(title)
    assert not {"model", "cpu", "gpu", "ram", "storage", "year"} & found.keys(), found


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        ("Dell OptiPlex 7050 i7-7700T", "Dell OptiPlex 7050 i7-7700", "cpu"),
        ("HP EliteDesk 800 G4 Mini", "HP EliteDesk 800 G5 Mini", "gen"),
        ("Lenovo M720q Tiny", "Lenovo M920q Tiny", "model"),
        ("ThinkPad T480", "ThinkPad T480s", "model"),
        ("Beelink SER5 Ryzen 5 5600H", "Beelink SER5 Ryzen 7 5600H", "tier"),
        ("ASUS RTX 3060", "ASUS RTX 3060 Ti", "gpu"),
        ("Mac mini M1", "Mac mini M2", "cpu"),
        ("Dell 7050 Micro", "Dell 7050 SFF", "form"),
        ("M720q 8GB 256GB", "M720q 16GB 256GB", "ram"),
        ("M720q 8GB 256GB", "M720q 8GB 512GB", "storage"),
        ("EliteDesk 800 G4 256GB SSD", "EliteDesk 800 G4 256GB SSD 1TB HDD", "storage"),
        ("MacBook Pro 2019", "MacBook Pro 2020", "year"),
    ],
)
def test_different_tokens_of_one_kind_are_not_the_same_machine(a: str, b: str, kind: str) -> None:
    assert conflict(a, b) == kind
    assert conflict(b, a) == kind


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Acer Nitro 5 AN515-57", "Acer Nitro 5 AN515-58"),
        ("Acer Nitro AN515-57-5700", "Acer Nitro AN515-57-5800"),
        ("HP Pavilion 15-eg0050wm", "HP Pavilion 15-eg0050"),  # a part, not a fuller code
        ("Acer 57-AN515", "Acer AN515-57"),  # the same parts in another order
    ],
)
def test_hyphen_joined_codes_agree_only_part_for_part(a: str, b: str) -> None:
    assert conflict(a, b) == "model"
    assert conflict(b, a) == "model"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Dell OptiPlex 7050 i5-8500T", "DELL OPTIPLEX 7050 I5 8500t"),
        ("Lenovo M720q Tiny", "Lenovo M720q Tiny i5-8500T 16GB 256GB"),  # one says less
        ("Acer Nitro 5 AN515-57", "Acer Nitro 5 AN515-57-5700"),  # a fuller code
        ("HP Pavilion 15-eg0050wm", "HP Pavilion 15 eg0050wm"),
        ("GMKtec NucBox G3 N100 8GB", "GMKtec NucBox G3 Intel N100 8GB RAM"),
        ("ThinkPad T14 G2", "ThinkPad T14 Gen 2"),
        ("Apple MacBook Pro 14 M1 Pro", "MacBook Pro 14-inch (2021) M1 Pro"),
        ("Dell 7050 8GB 256GB", "Dell 7050 8 GB RAM 256 GB SSD"),
    ],
)
def test_agreeing_or_missing_tokens_do_not_veto(a: str, b: str) -> None:
    assert conflict(a, b) is None
